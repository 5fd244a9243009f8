package io.grpckit.server.autoconfigure;

import java.time.Duration;

import io.grpckit.internal.properties.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * The ranges of {@code grpckit.server.*}, checked when {@link GrpcServerProperties} is
 * bound. The limits are those grpc-java enforces on its builders, so a bad value fails
 * start-up naming the property instead of as a raw grpc-java exception.
 */
final class ServerPropertiesChecks {

	private ServerPropertiesChecks() {
	}

	private static @Nullable Long bytes(@Nullable DataSize size) {
		return (size != null) ? size.toBytes() : null;
	}

	static void check(GrpcServerProperties properties, Errors errors) {
		PropertyChecks.range(errors, "port", properties.getPort(), 0, 65535, " (0 binds a free port)");
		PropertyChecks.notNegative(errors, "shutdown.quiet-period", properties.getShutdown().getQuietPeriod());
		PropertyChecks.notNegative(errors, "shutdown.grace-period", properties.getShutdown().getGracePeriod());
		ServerInboundProperties inbound = properties.getInbound();
		PropertyChecks.intSize(errors, "inbound.message.max-size", inbound.getMessage().getMaxSize(), 0);
		PropertyChecks.intSize(errors, "inbound.metadata.max-size", inbound.getMetadata().getMaxSize(), 1);
		ServerKeepaliveProperties keepalive = properties.getKeepalive();
		PropertyChecks.positive(errors, "keepalive.time", keepalive.getTime());
		PropertyChecks.positive(errors, "keepalive.timeout", keepalive.getTimeout());
		PropertyChecks.notNegative(errors, "keepalive.permit.time", keepalive.getPermit().getTime());
		PropertyChecks.positive(errors, "keepalive.connection.max-idle-time", keepalive.getConnection().getMaxIdleTime());
		PropertyChecks.positive(errors, "keepalive.connection.max-age", keepalive.getConnection().getMaxAge());
		PropertyChecks.notNegative(errors, "keepalive.connection.grace-period",
				keepalive.getConnection().getGracePeriod());
		ServerConnectionProperties connection = properties.getConnection();
		PropertyChecks.atLeast(errors, "connection.max-concurrent-calls", connection.getMaxConcurrentCalls(), 1);
		PropertyChecks.atLeast(errors, "connection.max-resets-per-window", connection.getMaxResetsPerWindow(), 1);
		PropertyChecks.atLeast(errors, "connection.reset-window", connection.getResetWindow(),
				Duration.ofSeconds(1), "1s");
		PropertyChecks.intSize(errors, "connection.flow-control-window", connection.getFlowControlWindow(), 1);
		PropertyChecks.positive(errors, "connection.handshake-timeout", connection.getHandshakeTimeout());
		PropertyChecks.atLeast(errors, "connection.max-connections", connection.getMaxConnections(), 1);
		ServerOutboundProperties.Buffer buffer = properties.getOutbound().getBuffer();
		PropertyChecks.atLeast(errors, "outbound.buffer.max-size", bytes(buffer.getMaxSize()), 1);
		PropertyChecks.atLeast(errors, "outbound.buffer.max-size-per-connection",
				bytes(buffer.getMaxSizePerConnection()), 1);
		PropertyChecks.positive(errors, "outbound.buffer.max-wait", buffer.getMaxWait());
		ServerExecutorProperties executor = properties.getExecutor();
		PropertyChecks.atLeast(errors, "executor.max-threads", executor.getMaxThreads(), 1);
		PropertyChecks.notNegative(errors, "executor.keep-alive", executor.getKeepAlive());
		PropertyChecks.notBlank(errors, "executor.bean-name", executor.getBeanName());
	}

}
