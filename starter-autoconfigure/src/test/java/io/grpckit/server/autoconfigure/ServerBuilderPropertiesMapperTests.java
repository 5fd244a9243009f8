package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ForwardingServerBuilder;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each property group reaches the server builder. NettyServerBuilder exposes no getters, so
 * a recording builder (a fake, forwarding to a real in-process builder) shows what was set;
 * the integration tests show the effect of the same settings on a live server.
 */
class ServerBuilderPropertiesMapperTests {

	@Test
	void defaultsAreGrpcJavaDefaultsExceptTheLimitsOnConnections() {
		Map<String, Object> applied = apply(Map.of(), true);
		assertThat(applied).containsEntry("maxInboundMessageSize", 4194304)
			.containsEntry("maxInboundMetadataSize", 8192)
			.containsEntry("keepAliveTime", Duration.ofHours(2))
			.containsEntry("keepAliveTimeout", Duration.ofSeconds(20))
			.containsEntry("permitKeepAliveTime", Duration.ofMinutes(5))
			.containsEntry("permitKeepAliveWithoutCalls", false)
			// grpc-java: 120 s and unlimited; a silent or idle connection holds a descriptor
			.containsEntry("handshakeTimeout", Duration.ofSeconds(20))
			.containsEntry("maxConnectionIdle", Duration.ofMinutes(5))
			.doesNotContainKeys("maxConnectionAge", "maxConnectionAgeGrace");
	}

	@Test
	void everyGroupIsApplied() {
		Map<String, Object> applied = apply(Map.of("grpckit.server.inbound.message.max-size", "16MB",
				"grpckit.server.inbound.metadata.max-size", "16KB", "grpckit.server.keepalive.time", "30s",
				"grpckit.server.keepalive.timeout", "5s", "grpckit.server.keepalive.permit.time", "10s",
				"grpckit.server.keepalive.permit.without-calls", "true",
				"grpckit.server.keepalive.connection.max-idle-time", "1m",
				"grpckit.server.keepalive.connection.max-age", "30m",
				"grpckit.server.keepalive.connection.grace-period", "20s",
				"grpckit.server.connection.handshake-timeout", "3s"), true);
		assertThat(applied).containsEntry("maxInboundMessageSize", 16 * 1024 * 1024)
			.containsEntry("maxInboundMetadataSize", 16 * 1024)
			.containsEntry("keepAliveTime", Duration.ofSeconds(30))
			.containsEntry("keepAliveTimeout", Duration.ofSeconds(5))
			.containsEntry("permitKeepAliveTime", Duration.ofSeconds(10))
			.containsEntry("permitKeepAliveWithoutCalls", true)
			.containsEntry("maxConnectionIdle", Duration.ofMinutes(1))
			.containsEntry("maxConnectionAge", Duration.ofMinutes(30))
			.containsEntry("maxConnectionAgeGrace", Duration.ofSeconds(20))
			.containsEntry("handshakeTimeout", Duration.ofSeconds(3));
	}

	@Test
	void inProcessServerGetsOnlyTheLimits() {
		Map<String, Object> applied = apply(Map.of("grpckit.server.keepalive.time", "30s"), false);
		assertThat(applied).containsOnlyKeys("maxInboundMessageSize", "maxInboundMetadataSize");
	}

	private static Map<String, Object> apply(Map<String, String> source, boolean network) {
		GrpcServerProperties properties = new Binder(new MapConfigurationPropertySource(source))
			.bindOrCreate("grpckit.server", Bindable.of(GrpcServerProperties.class));
		RecordingServerBuilder builder = new RecordingServerBuilder();
		new ServerBuilderPropertiesMapper(properties, network).customize(builder);
		return builder.applied;
	}

	static final class RecordingServerBuilder extends ForwardingServerBuilder<RecordingServerBuilder> {

		final Map<String, Object> applied = new LinkedHashMap<>();

		private final ServerBuilder<?> delegate = InProcessServerBuilder.forName("recording");

		@Override
		protected ServerBuilder<?> delegate() {
			return this.delegate;
		}

		private RecordingServerBuilder record(String name, Object value) {
			this.applied.put(name, value);
			return this;
		}

		private RecordingServerBuilder record(String name, long time, TimeUnit unit) {
			return record(name, Duration.ofNanos(unit.toNanos(time)));
		}

		@Override
		public RecordingServerBuilder maxInboundMessageSize(int bytes) {
			return record("maxInboundMessageSize", bytes);
		}

		@Override
		public RecordingServerBuilder maxInboundMetadataSize(int bytes) {
			return record("maxInboundMetadataSize", bytes);
		}

		@Override
		public RecordingServerBuilder keepAliveTime(long time, TimeUnit unit) {
			return record("keepAliveTime", time, unit);
		}

		@Override
		public RecordingServerBuilder keepAliveTimeout(long time, TimeUnit unit) {
			return record("keepAliveTimeout", time, unit);
		}

		@Override
		public RecordingServerBuilder permitKeepAliveTime(long time, TimeUnit unit) {
			return record("permitKeepAliveTime", time, unit);
		}

		@Override
		public RecordingServerBuilder permitKeepAliveWithoutCalls(boolean permit) {
			return record("permitKeepAliveWithoutCalls", permit);
		}

		@Override
		public RecordingServerBuilder maxConnectionIdle(long time, TimeUnit unit) {
			return record("maxConnectionIdle", time, unit);
		}

		@Override
		public RecordingServerBuilder maxConnectionAge(long time, TimeUnit unit) {
			return record("maxConnectionAge", time, unit);
		}

		@Override
		public RecordingServerBuilder maxConnectionAgeGrace(long time, TimeUnit unit) {
			return record("maxConnectionAgeGrace", time, unit);
		}

		@Override
		public RecordingServerBuilder handshakeTimeout(long time, TimeUnit unit) {
			return record("handshakeTimeout", time, unit);
		}

	}

}
