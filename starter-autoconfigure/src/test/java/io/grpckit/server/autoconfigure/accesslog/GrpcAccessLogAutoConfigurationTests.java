package io.grpckit.server.autoconfigure.accesslog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpckit.RequestId;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.accesslog.AccessLogServerInterceptor;
import io.grpckit.server.accesslog.AccessLogStreamTracerFactory;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link GrpcAccessLogAutoConfiguration}: real calls over Netty, the log line
 * read from the captured output.
 */
@ExtendWith(OutputCaptureExtension.class)
class GrpcAccessLogAutoConfigurationTests {

	// the logger name, then the line; the separator depends on whether Boot's logging
	// pattern is already installed by an earlier test in the same JVM
	private static final Pattern UNARY_LINE = Pattern.compile("io\\.grpckit\\.accesslog\\s+(?:--|:) method=grpckit\\.test\\.Echo/Unary "
			+ "status=OK duration=\\d+ms peer=127\\.0\\.0\\.1:\\d+ requestId=access-1 messagesIn=1 messagesOut=1 "
			+ "bytesIn=(\\d+) bytesOut=(\\d+)");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcAccessLogAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.access-log.enabled=true");

	@Test
	void oneLinePerUnaryCallWithStatusPeerRequestIdMessagesAndBytes(CapturedOutput output) {
		this.runner.run((context) -> {
			call(context, "access-1", (stub) -> stub.unary(EchoRequest.newBuilder().setText("hello").build()));
			await().until(() -> UNARY_LINE.matcher(output.getOut()).find());
			Matcher line = UNARY_LINE.matcher(output.getOut());
			assertThat(line.find()).isTrue();
			// the serialized messages, both "hello" as field 1: 7 bytes (the 5-byte prefix is not counted)
			assertThat(Long.parseLong(line.group(1))).isEqualTo(7);
			assertThat(Long.parseLong(line.group(2))).isEqualTo(7);
			assertThat(output.getOut()).containsOnlyOnce("requestId=access-1");
		});
	}

	@Test
	void streamingAndFailedCallsAndGeneratedRequestIds(CapturedOutput output) {
		this.runner.run((context) -> {
			call(context, "access-2", (stub) -> stub.serverStream(EchoRequest.newBuilder().setCount(3).build())
				.forEachRemaining((reply) -> {
				}));
			call(context, "access-3", (stub) -> assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.unary(EchoRequest.newBuilder().setText("throw:secret").build())));
			call(context, null, (stub) -> stub.unary(EchoRequest.newBuilder().setText("no-id").build()));
			await().untilAsserted(() -> assertThat(output.getOut())
				.containsPattern("method=grpckit\\.test\\.Echo/ServerStream status=OK .* requestId=access-2 "
						+ "messagesIn=1 messagesOut=3 bytesIn=\\d+ bytesOut=\\d+")
				.containsPattern("method=grpckit\\.test\\.Echo/Unary status=INTERNAL .* requestId=access-3 "
						+ "messagesIn=1 messagesOut=0")
				// the id the request id interceptor generated, not a dash
				.containsPattern("method=grpckit\\.test\\.Echo/Unary status=OK .* requestId=[0-9a-f-]{36} "));
		});
	}

	@Test
	void unknownMethodsAreLoggedToo(CapturedOutput output) {
		this.runner.run((context) -> {
			ManagedChannel channel = Channels.loopback(port(context));
			try {
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> io.grpc.stub.ClientCalls
					.blockingUnaryCall(channel, EchoGrpc.getUnaryMethod().toBuilder()
						.setFullMethodName("grpckit.test.Echo/Missing")
						.build(), io.grpc.CallOptions.DEFAULT, EchoRequest.getDefaultInstance()));
			}
			finally {
				Channels.close(channel);
			}
			await().untilAsserted(() -> assertThat(output.getOut())
				.contains("method=grpckit.test.Echo/Missing status=UNIMPLEMENTED"));
		});
	}

	@Test
	void offByDefault(CapturedOutput output) {
		this.runner.withPropertyValues("grpckit.server.access-log.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AccessLogStreamTracerFactory.class)
				.doesNotHaveBean(AccessLogServerInterceptor.class);
			call(context, "access-off", (stub) -> stub.unary(EchoRequest.newBuilder().setText("x").build()));
		});
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
					GrpcAccessLogAutoConfiguration.class))
			.withBean(EchoService.class)
			.withPropertyValues("grpckit.server.port=0")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AccessLogStreamTracerFactory.class);
				call(context, "access-off", (stub) -> stub.unary(EchoRequest.newBuilder().setText("x").build()));
			});
		// the server has closed: every stream is done, so no line can still come
		assertThat(output.getOut()).doesNotContain("io.grpckit.accesslog").doesNotContain("requestId=access-off");
	}

	@Test
	void backsOffForUserFactory() {
		AccessLogStreamTracerFactory user = new AccessLogStreamTracerFactory();
		this.runner.withBean(AccessLogStreamTracerFactory.class, () -> user)
			.run((context) -> assertThat(context.getBean(AccessLogStreamTracerFactory.class)).isSameAs(user));
	}

	@Test
	void offWhenTheServerIsDisabled() {
		this.runner.withPropertyValues("grpckit.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AccessLogStreamTracerFactory.class));
	}

	@Test
	void offWithoutGrpc() {
		this.runner.withClassLoader(new FilteredClassLoader(io.grpc.ServerStreamTracer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AccessLogStreamTracerFactory.class));
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(GrpcServerLifecycle.class).getPort();
	}

	private static void call(AssertableApplicationContext context, String requestId,
			java.util.function.Consumer<EchoGrpc.EchoBlockingStub> call) {
		ManagedChannel channel = Channels.loopback(port(context));
		try {
			EchoGrpc.EchoBlockingStub stub = EchoGrpc.newBlockingStub(channel);
			if (requestId != null) {
				Metadata headers = new Metadata();
				headers.put(RequestId.HEADER, requestId);
				stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
			}
			call.accept(stub);
		}
		finally {
			Channels.close(channel);
		}
	}

}
