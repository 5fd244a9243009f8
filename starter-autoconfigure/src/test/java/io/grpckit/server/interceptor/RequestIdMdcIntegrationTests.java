package io.grpckit.server.interceptor;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpckit.RequestId;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The request id is in the MDC for every log line of a call: an interceptor inside the
 * request id one, as it starts the call and in every callback; and a layer below it when
 * service code sends from a thread of its own. Afterwards the server's thread carries none.
 */
class RequestIdMdcIntegrationTests {

	private static final String LOGGER = "io.grpckit.test.mdc";

	private final Logger logger = (Logger) LoggerFactory.getLogger(LOGGER);

	private final MdcRecorder recorder = new MdcRecorder();

	// one thread, so that the next call and the check afterwards run where the call ran
	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void start() throws Exception {
		this.recorder.start();
		this.logger.addAppender(this.recorder);
		this.logger.setLevel(Level.INFO);
		this.logger.setAdditive(false);
		String name = InProcessServerBuilder.generateName();
		// ServerInterceptors.intercept: the last one given runs first
		this.server = InProcessServerBuilder.forName(name)
			.executor(this.executor)
			.addService(ServerInterceptors.intercept(new EchoService(), new LoggingInterceptor(),
					new RequestIdServerInterceptor(), new LayerBelow()))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).build();
	}

	@AfterEach
	void stop() throws Exception {
		this.channel.shutdownNow();
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		this.executor.shutdownNow();
		this.logger.detachAppender(this.recorder);
		this.logger.setLevel(null);
		this.logger.setAdditive(true);
	}

	@Test
	void everyLineOfTheCallCarriesItsRequestIdAndNoneStaysBehind() throws Exception {
		assertThat(withRequestId("unary-1").unary(request("hello")).getText()).isEqualTo("hello");
		// replies sent from the service's own scheduler thread
		Iterator<EchoReply> replies = withRequestId("stream-2")
			.serverStream(EchoRequest.newBuilder().setText("hi").setCount(2).setDelayMs(10).build());
		replies.forEachRemaining((reply) -> assertThat(reply.getText()).isEqualTo("hi"));
		// the server learns that the call ended after the client may have
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.recorder.lines().stream().anyMatch((line) -> line.message().equals("stream-2 onComplete")));
		this.executor.submit(() -> LoggerFactory.getLogger(LOGGER).info("after the calls")).get(10, TimeUnit.SECONDS);

		List<Line> lines = this.recorder.lines();
		assertThat(lines).extracting(Line::message)
			.contains("unary-1 interceptCall", "unary-1 onHalfClose", "unary-1 onComplete", "unary-1 sendMessage",
					"unary-1 close", "stream-2 interceptCall", "stream-2 onHalfClose", "stream-2 sendMessage",
					"stream-2 close", "stream-2 onComplete", "after the calls");
		assertThat(lines).filteredOn((line) -> !line.message().equals("after the calls"))
			.allSatisfy((line) -> assertThat(line.message()).startsWith(line.requestId() + " "))
			.filteredOn((line) -> line.message().contains(" on") || line.message().contains("interceptCall"))
			.allSatisfy((line) -> assertThat(line.message()).doesNotContain("not in the context"));
		assertThat(lines).filteredOn((line) -> line.message().equals("after the calls"))
			.singleElement()
			.satisfies((line) -> assertThat(line.requestId()).isNull());
	}

	private EchoGrpc.EchoBlockingStub withRequestId(String requestId) {
		Metadata headers = new Metadata();
		headers.put(RequestId.HEADER, requestId);
		return EchoGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	/** An interceptor after the request id one that logs as it starts a call and in its callbacks. */
	private static final class LoggingInterceptor implements ServerInterceptor {

		private final org.slf4j.Logger log = LoggerFactory.getLogger(LOGGER);

		/** Logs what runs, and whether the call's gRPC context carries the id too. */
		void log(@Nullable String sent, String what) {
			boolean inContext = sent != null && sent.equals(RequestId.current());
			this.log.info("{} {}{}", sent, what, inContext ? "" : " (not in the context)");
		}

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			String sent = headers.get(RequestId.HEADER);
			log(sent, "interceptCall");
			return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {

				@Override
				public void onMessage(ReqT message) {
					LoggingInterceptor.this.log(sent, "onMessage");
					super.onMessage(message);
				}

				@Override
				public void onHalfClose() {
					LoggingInterceptor.this.log(sent, "onHalfClose");
					super.onHalfClose();
				}

				@Override
				public void onReady() {
					LoggingInterceptor.this.log(sent, "onReady");
					super.onReady();
				}

				@Override
				public void onComplete() {
					LoggingInterceptor.this.log(sent, "onComplete");
					super.onComplete();
				}

			};
		}

	}

	/**
	 * Logs what service code sends, below the request id interceptor: where an earlier
	 * interceptor or the transport would log.
	 */
	private static final class LayerBelow implements ServerInterceptor {

		private final org.slf4j.Logger log = LoggerFactory.getLogger(LOGGER);

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			String sent = headers.get(RequestId.HEADER);
			return next.startCall(new SimpleForwardingServerCall<>(call) {

				@Override
				public void sendMessage(RespT message) {
					LayerBelow.this.log.info("{} sendMessage", sent);
					super.sendMessage(message);
				}

				@Override
				public void close(Status status, Metadata trailers) {
					LayerBelow.this.log.info("{} close", sent);
					super.close(status, trailers);
				}

			}, headers);
		}

	}

	record Line(String message, String requestId) {
	}

	/** Records each line with the request id in the MDC of the thread that logged it. */
	private static final class MdcRecorder extends AppenderBase<ILoggingEvent> {

		private final List<Line> lines = new CopyOnWriteArrayList<>();

		@Override
		protected void append(ILoggingEvent event) {
			this.lines.add(new Line(event.getFormattedMessage(), event.getMDCPropertyMap().get(RequestId.MDC_KEY)));
		}

		List<Line> lines() {
			return List.copyOf(this.lines);
		}

	}

}
