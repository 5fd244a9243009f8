package io.grpckit.server.http;

import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP request the {@link GrpcHttpGateway} accepted, waiting for its body.
 */
public interface GrpcHttpExchange {

	/**
	 * Run the call with the request's body. The publisher starts the gRPC call when
	 * subscribed; each part demanded lets one more response message in (HTTP flow control
	 * becomes gRPC flow control), and cancelling the subscription cancels the call.
	 * @param body the whole request body, at most {@link GrpcHttpGateway#maxRequestSize()}
	 * bytes
	 * @return the response parts: a head, then chunks
	 */
	Flow.Publisher<HttpPart> execute(byte[] body);

	/**
	 * Answer a request whose body was larger than {@link GrpcHttpGateway#maxRequestSize()},
	 * without calling the service.
	 * @return the response parts of a RESOURCE_EXHAUSTED answer in the request's protocol
	 */
	Flow.Publisher<HttpPart> tooLarge();

	/**
	 * Return the pattern the request's path matched, a name with few values for metrics
	 * and traces (the web frameworks' {@code uri} tag): the transcoded route's template
	 * ({@code /v1/shelves/{shelf}}) or the method's path for gRPC-Web and Connect
	 * ({@code /library.Library/GetShelf}).
	 * @return the pattern, or {@code null} when the request matched no served method
	 */
	@Nullable String pathPattern();

}
