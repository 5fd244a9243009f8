package io.grpckit.server.interceptor;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpckit.RequestId;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.testsupport.GrpcServerIntegrationTest;
import org.junit.jupiter.api.Test;

import static io.grpckit.testsupport.Calls.echo;
import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link RequestIdServerInterceptor} end to end: the request id the client sent, or one
 * generated, is seen by service code and comes back in the headers, also of trailers-only
 * responses.
 */
@GrpcServerIntegrationTest
class RequestIdServerInterceptorIntegrationTests {

	@Test
	void requestIdIsEchoed(ManagedChannel channel) {
		HeaderCapture capture = new HeaderCapture();
		Metadata headers = new Metadata();
		headers.put(RequestId.HEADER, "my-request-17");
		EchoReply reply = echo(channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers),
					MetadataUtils.newCaptureMetadataInterceptor(capture.headers, capture.trailers))
			.unary(request("request-id"));
		assertThat(capture.headers.get().get(RequestId.HEADER)).isEqualTo("my-request-17");
		assertThat(reply.getText()).as("seen by service code").isEqualTo("my-request-17");
	}

	@Test
	void requestIdIsGeneratedWhenAbsentAndReachesTrailersOnlyResponses(ManagedChannel channel) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			HeaderCapture capture = new HeaderCapture();
			echo(channel)
				.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(capture.headers, capture.trailers))
				.unary(request("request-id"));
			ids.add(capture.headers.get().get(RequestId.HEADER));
		}
		assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
		assertThat(UUID.fromString(ids.get(0))).isNotNull();
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> echo(channel).unary(request("status:invalid")));
		assertThat(failure.getTrailers().get(RequestId.HEADER)).isNotBlank();
	}

	static final class HeaderCapture {

		final AtomicReference<Metadata> headers = new AtomicReference<>();

		final AtomicReference<Metadata> trailers = new AtomicReference<>();

	}

}
