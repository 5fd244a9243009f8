package io.grpckit.server.it;

import io.grpckit.testsupport.RecordingInterceptors;

import io.grpckit.testsupport.OrderedEchoService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.grpckit.RequestId;
import io.grpckit.server.error.ExceptionMappingServerInterceptor;
import io.grpckit.server.error.GrpcAdvice;
import io.grpckit.server.error.GrpcExceptionHandler;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.test.proto.OrderedEchoGrpc;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.RawBytesMarshaller;
import io.grpckit.testsupport.StreamEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static io.grpckit.testsupport.Calls.failure;
import static io.grpckit.testsupport.Calls.request;
import static org.awaitility.Awaitility.await;

/**
 * The server starter end to end, over real Netty on a loopback port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "grpckit.server.port=0")
@ExtendWith(OutputCaptureExtension.class)
class GrpcServerIntegrationTests {

	@Value("${local.grpckit.server.port}")
	int port;

	@Autowired
	ApplicationContext context;

	private ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.channel = Channels.loopback(this.port);
		RecordingInterceptors.seen.clear();
	}

	@AfterEach
	void disconnect() {
		Channels.close(this.channel);
	}

	@Test
	void servesAnnotatedServices() {
		assertThat(echo().unary(request("hello")).getText()).isEqualTo("hello");
		assertThat(OrderedEchoGrpc.newBlockingStub(this.channel).unary(request("ordered")).getText()).isEqualTo("ordered");
	}

	@Test
	void globalInterceptorsRunInOrderOutsideServiceInterceptors() {
		OrderedEchoGrpc.newBlockingStub(this.channel).unary(request("order"));
		assertThat(RecordingInterceptors.seen).containsExactly("global-A", "global-B", "service-C", "service-D",
				"service");
	}

	@Test
	void adviceMapsExceptionsInEveryCallMode() {
		assertThat(failure(() -> echo().unary(request("throw:illegal")))).satisfies(this::mappedByAdvice);
		assertThat(failure(() -> echo().serverStream(request("throw:illegal")).next())).satisfies(this::mappedByAdvice);
		assertThat(streamFailure(false, "ok", "throw:illegal")).satisfies(this::mappedByAdvice);
		assertThat(streamFailure(true, "ok", "throw:illegal")).satisfies(this::mappedByAdvice);
	}

	private void mappedByAdvice(Status status) {
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("mapped by advice");
	}

	@Test
	void statusExceptionsPassThroughUnchanged() {
		Status status = failure(() -> echo().unary(request("status:invalid")));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("text: invalid");
	}

	@Test
	void unmappedExceptionsBecomeInternalWithNothingLeaked(CapturedOutput output) {
		List<StatusRuntimeException> failures = new ArrayList<>();
		failures.add(catchThrowableOfType(StatusRuntimeException.class, () -> echo().unary(request("throw:secret"))));
		failures.add(catchThrowableOfType(StatusRuntimeException.class, () -> echo().unary(request("onerror:secret"))));
		failures.add(catchThrowableOfType(StatusRuntimeException.class,
				() -> echo().serverStream(request("throw:secret")).next()));
		for (StatusRuntimeException failure : failures) {
			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(failure.getStatus().getDescription()).isEqualTo(ExceptionMappingServerInterceptor.INTERNAL_DESCRIPTION);
			String everything = failure.getStatus() + " " + failure.getTrailers();
			assertThat(everything).doesNotContain(EchoService.SECRET, "IllegalStateException", "at io.grpckit");
		}
		Status streamed = streamFailure(false, "throw:secret");
		assertThat(streamed.getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(streamed.getDescription()).isEqualTo(ExceptionMappingServerInterceptor.INTERNAL_DESCRIPTION);
		// logged on the server, once per failure, with the request id
		String requestId = failures.get(0).getTrailers().get(RequestId.HEADER);
		assertThat(output.getOut()).contains("Unexpected failure in grpckit.test.Echo/Unary [requestId=" + requestId + "]");
		assertThat(output.getOut().split("Unexpected failure in grpckit.test.Echo/Unary \\[requestId=" + requestId))
			.hasSize(2);
	}

	@Test
	void requestOverTheSizeLimitIsResourceExhausted() {
		EchoRequest big = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[4 * 1024 * 1024 + 1])).build();
		assertThat(failure(() -> echo().unary(big)).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		// counted after decompression: a few KiB on the wire, over the limit once inflated
		assertThat(failure(() -> echo().withCompression("gzip").unary(big)).getCode())
			.isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		EchoRequest fits = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[4 * 1024 * 1024 - 16])).build();
		assertThat(echo().unary(fits).getPayload().size()).isEqualTo(4 * 1024 * 1024 - 16);
	}

	@Test
	void serviceHearsOfCallsTheKitEnded() {
		EchoService service = this.context.getBean(EchoService.class);
		int before = service.streamErrorCount();
		StreamEvents<EchoReply> events = new StreamEvents<>();
		// compressed, the size is enforced only while the kit parses the message, and it is the
		// kit that ends the call
		StreamObserver<EchoRequest> requests = EchoGrpc.newStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.withCompression("gzip")
			.clientStream(events);
		requests.onNext(request("fine"));
		requests.onNext(EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[5 * 1024 * 1024])).build());
		Object end = await().atMost(Duration.ofSeconds(10)).until(() -> events.poll(1), (event) -> event != null);
		assertThat(end).isInstanceOfSatisfying(StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
		// its request observer got onError, as for any abort, so it can release what it holds
		await().atMost(Duration.ofSeconds(5)).until(() -> service.streamErrorCount() == before + 1);
	}

	@Test
	void unparsableRequestIsInternal() {
		MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(EchoGrpc.getUnaryMethod().getFullMethodName())
			.setRequestMarshaller(new RawBytesMarshaller())
			.setResponseMarshaller(new RawBytesMarshaller())
			.build();
		byte[] garbage = { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff };
		Status status = failure(() -> ClientCalls.blockingUnaryCall(this.channel, raw, CallOptions.DEFAULT, garbage));
		assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getDescription()).contains("cannot be parsed");
	}

	@Test
	void requestIdIsEchoed() {
		HeaderCapture capture = new HeaderCapture();
		Metadata headers = new Metadata();
		headers.put(RequestId.HEADER, "my-request-17");
		EchoReply reply = echo().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers),
				MetadataUtils.newCaptureMetadataInterceptor(capture.headers, capture.trailers))
			.unary(request("request-id"));
		assertThat(capture.headers.get().get(RequestId.HEADER)).isEqualTo("my-request-17");
		assertThat(reply.getText()).as("seen by service code").isEqualTo("my-request-17");
	}

	@Test
	void requestIdIsGeneratedWhenAbsentAndReachesTrailersOnlyResponses() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			HeaderCapture capture = new HeaderCapture();
			echo().withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(capture.headers, capture.trailers))
				.unary(request("request-id"));
			ids.add(capture.headers.get().get(RequestId.HEADER));
		}
		assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
		assertThat(UUID.fromString(ids.get(0))).isNotNull();
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> echo().unary(request("status:invalid")));
		assertThat(failure.getTrailers().get(RequestId.HEADER)).isNotBlank();
	}

	@Test
	void healthCheckAndWatch() throws Exception {
		HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(this.channel);
		assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
			.isEqualTo(ServingStatus.SERVING);
		assertThat(health.check(HealthCheckRequest.newBuilder().setService("grpckit.test.Echo").build()).getStatus())
			.isEqualTo(ServingStatus.SERVING);
		assertThat(failure(() -> health.check(HealthCheckRequest.newBuilder().setService("no.Such").build())).getCode())
			.isEqualTo(Status.Code.NOT_FOUND);
		Iterator<HealthCheckResponse> watch = health.withDeadlineAfter(5, TimeUnit.SECONDS)
			.watch(HealthCheckRequest.newBuilder().setService("grpckit.test.Echo").build());
		assertThat(watch.next().getStatus()).isEqualTo(ServingStatus.SERVING);
		StreamEvents<HealthCheckResponse> unknown = new StreamEvents<>();
		HealthGrpc.newStub(this.channel)
			.withDeadlineAfter(2, TimeUnit.SECONDS)
			.watch(HealthCheckRequest.newBuilder().setService("no.Such").build(), unknown);
		assertThat(((HealthCheckResponse) unknown.poll(5)).getStatus()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
		// the call stays open until the client's deadline ends it
		assertThat(unknown.poll(5)).isInstanceOfSatisfying(StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
	}

	private EchoGrpc.EchoBlockingStub echo() {
		return EchoGrpc.newBlockingStub(this.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	private Status streamFailure(boolean bidi, String... texts) {
		StreamEvents<EchoReply> events = new StreamEvents<>();
		EchoGrpc.EchoStub stub = EchoGrpc.newStub(this.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
		StreamObserver<EchoRequest> requests = bidi ? stub.bidi(events) : stub.clientStream(events);
		for (String text : texts) {
			requests.onNext(request(text));
		}
		requests.onCompleted();
		try {
			while (true) {
				Object event = events.poll(10);
				if (event instanceof StatusRuntimeException failure) {
					return failure.getStatus();
				}
				assertThat(event).as("a failure").isNotNull().isNotEqualTo(StreamEvents.COMPLETED);
			}
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ EchoService.class, OrderedEchoService.class, MappingAdvice.class })
	static class Application {

		@Bean
		@GlobalServerInterceptor
		@Order(20)
		ServerInterceptor globalB() {
			return RecordingInterceptors.named("global-B");
		}

		@Bean
		@GlobalServerInterceptor
		@Order(10)
		ServerInterceptor globalA() {
			return RecordingInterceptors.named("global-A");
		}

		@Bean
		ServerInterceptor serviceInterceptorD() {
			return RecordingInterceptors.named("service-D");
		}

	}

	@GrpcAdvice
	static class MappingAdvice {

		@GrpcExceptionHandler
		Status illegalArgument(IllegalArgumentException ex) {
			return Status.INVALID_ARGUMENT.withDescription("mapped by advice");
		}

	}

	static final class HeaderCapture {

		final java.util.concurrent.atomic.AtomicReference<Metadata> headers = new java.util.concurrent.atomic.AtomicReference<>();

		final java.util.concurrent.atomic.AtomicReference<Metadata> trailers = new java.util.concurrent.atomic.AtomicReference<>();

	}

}
