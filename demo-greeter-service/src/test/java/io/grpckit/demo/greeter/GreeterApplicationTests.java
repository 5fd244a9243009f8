package io.grpckit.demo.greeter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.google.rpc.BadRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.grpckit.client.GrpcErrorDetails;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import io.grpckit.test.HealthAndReflectionContract;
import io.grpckit.test.LocalGrpcPort;
import io.grpckit.test.RawBytesMarshaller;
import io.grpckit.test.ResponseEncoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The greeter as it ships, on the starter: what every grpckit demo server promises (request
 * id, health, reflection, gzip, limits, errors), over a real loopback channel; health and
 * reflection through the starter-test's {@link HealthAndReflectionContract}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpckit.server.port=0", "spring.main.allow-bean-definition-overriding=true" })
class GreeterApplicationTests implements HealthAndReflectionContract {

	private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	/** Added by the demo's {@link ServerTimingServerInterceptor}, an example of a global interceptor. */
	private static final Metadata.Key<String> SERVER_TIMING = Metadata.Key.of("server-timing",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final String SERVER_TIMING_VALUE = "call;dur=\\d+\\.\\d{2}";

	@LocalGrpcPort
	int port;

	@LocalServerPort
	int httpPort;

	private ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", this.port).usePlaintext().build();
	}

	@Override
	public Channel grpcChannel() {
		return this.channel;
	}

	@Override
	public String applicationService() {
		return "helloworld.Greeter";
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void healthDetailsAreNotShownToAnonymousCallersAndProbesAnswer() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String path : List.of("", "/liveness", "/readiness")) {
			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/health" + path))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			// the status alone: no components (disk space, the gRPC server, channels)
			assertThat(response.body()).as(path)
				.contains("\"status\":\"UP\"")
				.doesNotContain("components", "details", "diskSpace", "free", "path");
		}
	}

	@Test
	void requestIdEchoedOnSuccessAndOnError() {
		Metadata headers = new Metadata();
		headers.put(REQUEST_ID, "req-123");
		AtomicReference<Metadata> responseHeaders = new AtomicReference<>();
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		GreeterGrpc.GreeterBlockingStub stub = greeter().withInterceptors(
				MetadataUtils.newAttachHeadersInterceptor(headers),
				MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, trailers));
		stub.sayHello(hello("id"));
		assertThat(responseHeaders.get().get(REQUEST_ID)).isEqualTo("req-123");
		StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
				() -> stub.sayHello(hello(" ")));
		assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(invalid.getTrailers().get(REQUEST_ID)).isEqualTo("req-123");
	}

	@Test
	void invalidArgumentsCarryABadRequestThatClientsReadWithOneCall() {
		StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
				() -> greeter().sayHelloStream(hello("World").toBuilder().setCount(-1).build()).hasNext());
		assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(invalid.getStatus().getDescription()).isEqualTo("count: -1 (expected: 0..100000)");
		BadRequest badRequest = GrpcErrorDetails.find(invalid, BadRequest.class).orElseThrow();
		assertThat(badRequest.getFieldViolationsList()).singleElement().satisfies((violation) -> {
			assertThat(violation.getField()).isEqualTo("count");
			assertThat(violation.getReason()).isEqualTo("OUT_OF_RANGE");
			assertThat(violation.getDescription()).isEqualTo("must be in 0..100000");
		});
		// the kit's trailers are still there beside the details
		assertThat(invalid.getTrailers().get(REQUEST_ID)).isNotBlank();
	}

	@Test
	void requestIdGeneratedFreshPerCall() {
		AtomicReference<Metadata> first = new AtomicReference<>();
		AtomicReference<Metadata> second = new AtomicReference<>();
		greeter().withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(first, new AtomicReference<>()))
			.sayHello(hello("a"));
		greeter().withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(second, new AtomicReference<>()))
			.sayHello(hello("b"));
		assertThat(first.get().get(REQUEST_ID)).isNotBlank().isNotEqualTo(second.get().get(REQUEST_ID));
		StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
				() -> greeter().sayHello(hello("")));
		assertThat(invalid.getTrailers().get(REQUEST_ID)).isNotBlank();
	}

	@Test
	void gzipResponsesOnlyForGzipRequestsFromClientsThatAcceptIt() throws InterruptedException {
		assertThat(responseEncoding(true, true)).isEqualTo("gzip");
		assertThat(responseEncoding(false, true)).isNull();
		assertThat(responseEncoding(true, false)).isNull();
	}

	@Test
	void messagesOverFourMebibytesAfterDecompressionAreResourceExhausted() {
		// compresses to a few KiB, but is larger than the limit once decompressed
		HelloRequest big = hello("a".repeat(4 * 1024 * 1024 + 1));
		StatusRuntimeException ex = catchThrowableOfType(StatusRuntimeException.class,
				() -> greeter().withCompression("gzip").sayHello(big));
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
	}

	@Test
	void unparsableRequestIsInternal() {
		MethodDescriptor<byte[], byte[]> raw = RawBytesMarshaller.rawMethod(GreeterGrpc.getSayHelloMethod());
		StatusRuntimeException ex = catchThrowableOfType(StatusRuntimeException.class,
				() -> ClientCalls.blockingUnaryCall(this.channel, raw, CallOptions.DEFAULT.withDeadlineAfter(5,
						TimeUnit.SECONDS), new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff }));
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
	}

	@Test
	void unexpectedFaultIsInternalWithNoStackTraceOrClassName() {
		StatusRuntimeException ex = catchThrowableOfType(StatusRuntimeException.class,
				() -> greeter().sayHello(hello(FaultyGreeter.BOOM)));
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(ex.getStatus().getDescription()).isEqualTo("Internal server error");
		assertThat(ex.getStatus() + " " + ex.getTrailers()).doesNotContain(FaultyGreeter.SECRET,
				"IllegalStateException", "at io.grpckit", ".java:");
	}

	@Test
	void serverTimingTrailerOnEveryCallWithStatusAndDescriptionUnchanged() {
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		GreeterGrpc.GreeterBlockingStub stub = greeter()
			.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers));
		stub.sayHello(hello("timed"));
		assertThat(trailers.get().get(SERVER_TIMING)).matches(SERVER_TIMING_VALUE);
		trailers.set(null);
		stub.sayHelloStream(hello("timed").toBuilder().setCount(3).build()).forEachRemaining((reply) -> {
		});
		assertThat(trailers.get().get(SERVER_TIMING)).matches(SERVER_TIMING_VALUE);
		StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
				() -> greeter().sayHello(hello(" ")));
		assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(invalid.getStatus().getDescription()).isEqualTo("name: must not be blank");
		assertThat(invalid.getTrailers().get(SERVER_TIMING)).matches(SERVER_TIMING_VALUE);
		StatusRuntimeException fault = catchThrowableOfType(StatusRuntimeException.class,
				() -> greeter().sayHello(hello(FaultyGreeter.BOOM)));
		assertThat(fault.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(fault.getStatus().getDescription()).isEqualTo("Internal server error");
		assertThat(fault.getTrailers().get(SERVER_TIMING)).matches(SERVER_TIMING_VALUE);
	}

	private String responseEncoding(boolean compressRequest, boolean acceptGzip) throws InterruptedException {
		return ResponseEncoding.of(this.port, compressRequest, acceptGzip,
				(channel) -> GreeterGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS)
					.sayHelloStream(hello("zip").toBuilder().setCount(3).build())
					.forEachRemaining((reply) -> {
					}));
	}

	private GreeterGrpc.GreeterBlockingStub greeter() {
		return GreeterGrpc.newBlockingStub(this.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	private static HelloRequest hello(String name) {
		return HelloRequest.newBuilder().setName(name).build();
	}

	/** The shipped greeter, except that one name makes it fail unexpectedly. */
	static class FaultyGreeter extends GreeterService {

		static final String BOOM = "boom";

		static final String SECRET = "secret-detail-99";

		@Override
		public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
			if (request.getName().equals(BOOM)) {
				throw new IllegalStateException(SECRET);
			}
			super.sayHello(request, responseObserver);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FaultInjection {

		// replaces the scanned bean: one service may be served only once
		@Bean
		GreeterService greeterService() {
			return new FaultyGreeter();
		}

	}

}
