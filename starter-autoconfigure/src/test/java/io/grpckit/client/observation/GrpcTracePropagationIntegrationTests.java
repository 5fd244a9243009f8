package io.grpckit.client.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.StreamObserver;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.client.autoconfigure.observation.GrpcClientObservationAutoConfiguration;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.observation.GrpcServerObservationAutoConfiguration;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.server.observation.GrpcServerObservationInterceptor;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.grpckit.testsupport.Observers.forwardingTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hops, each with the starters and Boot's tracing on OpenTelemetry (W3C propagation):
 * a client context calls service A, which calls service B while serving. The client's
 * trace id is the one A and B see, and B receives it in a {@code traceparent} header.
 * Metrics are on as with Actuator, so this also proves that a tracer keeps the kit's
 * interceptors off their metrics-only path.
 */
class GrpcTracePropagationIntegrationTests {

	private static final String TRACE_ID = "traceId";

	private final ApplicationContextRunner traced = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcClientAutoConfiguration.class, GrpcServerObservationAutoConfiguration.class,
				GrpcClientObservationAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0", "grpckit.server.port=0",
				"grpckit.server.health.enabled=false");

	@Test
	void oneTraceIdAcrossTwoHops() {
		this.traced.withUserConfiguration(ServiceB.class).run((b) -> {
			int portB = b.getEnvironment().getProperty("local.grpckit.server.port", Integer.class);
			this.traced.withUserConfiguration(ServiceA.class)
				.withPropertyValues("grpckit.client.channel.b.target=127.0.0.1:" + portB)
				.run((a) -> {
					int portA = a.getEnvironment().getProperty("local.grpckit.server.port", Integer.class);
					this.traced
						.withPropertyValues("grpckit.server.enabled=false",
								"grpckit.client.channel.a.target=127.0.0.1:" + portA)
						.run((client) -> {
							assertThat(client.getBean(GrpcClientObservationInterceptor.class).isMetricsOnly()).isFalse();
							assertThat(a.getBean(GrpcServerObservationInterceptor.class).isMetricsOnly()).isFalse();
							ObservationRegistry registry = client.getBean(ObservationRegistry.class);
							Tracer tracer = client.getBean(Tracer.class);
							EchoGrpc.EchoBlockingStub stub = EchoGrpc
								.newBlockingStub(client.getBean(GrpcChannelFactory.class).createChannel("a"));
							String clientTraceId = Observation.createNotStarted("test-request", registry)
								.observe(() -> {
									stub.unary(EchoRequest.newBuilder().setText("hop").build());
									return tracer.currentSpan().context().traceId();
								});
							assertThat(clientTraceId).hasSize(32).isNotEqualTo("0".repeat(32));
							assertThat(a.getBean(Seen.class).values()).containsEntry(TRACE_ID, clientTraceId);
							Map<String, String> seenByB = b.getBean(Seen.class).values();
							assertThat(seenByB).containsEntry(TRACE_ID, clientTraceId);
							// W3C: version-traceid-parentid-flags; the sampled bit is set (OpenTelemetry
							// also sets the level-2 "random" bit, hence 03)
							String traceparent = seenByB.get("traceparent");
							assertThat(traceparent).matches("00-" + clientTraceId + "-[0-9a-f]{16}-[0-9a-f]{2}");
							assertThat(Integer.parseInt(traceparent.substring(53), 16) & 1).isEqualTo(1);
						});
				});
		});
	}

	/** What a service saw of the call it served. */
	record Seen(Map<String, String> values) {

		Seen() {
			this(new ConcurrentHashMap<>());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceA {

		@Bean
		Seen seen() {
			return new Seen();
		}

		@Bean
		RelayService relayService(ObjectProvider<GrpcChannelFactory> channels, Tracer tracer, Seen seen) {
			return new RelayService(channels, tracer, seen.values());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceB {

		@Bean
		Seen seen() {
			return new Seen();
		}

		@Bean
		TraceRecordingService traceRecordingService(Tracer tracer, Seen seen) {
			return new TraceRecordingService(tracer, seen.values());
		}

		@Bean
		@GlobalServerInterceptor
		TraceparentRecorder traceparentRecorder(Seen seen) {
			return new TraceparentRecorder(seen.values());
		}

	}

	/** Service A: records its trace id, then calls B and relays B's reply. */
	static class RelayService extends EchoGrpc.EchoImplBase {

		private final ObjectProvider<GrpcChannelFactory> channels;

		private final Tracer tracer;

		private final Map<String, String> seen;

		RelayService(ObjectProvider<GrpcChannelFactory> channels, Tracer tracer, Map<String, String> seen) {
			this.channels = channels;
			this.tracer = tracer;
			this.seen = seen;
		}

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.seen.put(TRACE_ID, this.tracer.currentSpan().context().traceId());
			// async, so the handler thread is not blocked; the reply is relayed from B's callback
			EchoGrpc.newStub(this.channels.getObject().createChannel("b")).unary(request, forwardingTo(responseObserver));
		}

	}

	/** Service B: records the trace id it serves the call in. */
	static class TraceRecordingService extends EchoGrpc.EchoImplBase {

		private final Tracer tracer;

		private final Map<String, String> seen;

		TraceRecordingService(Tracer tracer, Map<String, String> seen) {
			this.tracer = tracer;
			this.seen = seen;
		}

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.seen.put(TRACE_ID, this.tracer.currentSpan().context().traceId());
			responseObserver.onNext(EchoReply.newBuilder().setText(request.getText()).build());
			responseObserver.onCompleted();
		}

	}

	/** Records the {@code traceparent} header B receives. */
	record TraceparentRecorder(Map<String, String> seen) implements ServerInterceptor {

		private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent",
				Metadata.ASCII_STRING_MARSHALLER);

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			String traceparent = headers.get(TRACEPARENT);
			if (traceparent != null) {
				this.seen.put("traceparent", traceparent);
			}
			return next.startCall(call, headers);
		}

	}

}
