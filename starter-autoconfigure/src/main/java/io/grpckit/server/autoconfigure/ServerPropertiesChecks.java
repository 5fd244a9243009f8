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
		checkLimits(properties.getLimits(), errors);
		ServerExecutorProperties executor = properties.getExecutor();
		PropertyChecks.atLeast(errors, "executor.max-threads", executor.getMaxThreads(), 1);
		PropertyChecks.notNegative(errors, "executor.keep-alive", executor.getKeepAlive());
		PropertyChecks.notNegative(errors, "executor.grow-after", executor.getGrowAfter());
		PropertyChecks.notBlank(errors, "executor.bean-name", executor.getBeanName());
		PropertyChecks.positive(errors, "executor.non-blocking.warn-after", executor.getNonBlocking().getWarnAfter());
		PropertyChecks.notNegative(errors, "xds.start-timeout", properties.getXds().getStartTimeout());
	}

	private static void checkLimits(ServerLimitsProperties limits, Errors errors) {
		PropertyChecks.atLeast(errors, "limits.max-concurrent-calls", limits.getMaxConcurrentCalls(), 1);
		PropertyChecks.positive(errors, "limits.max-queue-time", limits.getMaxQueueTime());
		PropertyChecks.atLeast(errors, "limits.max-keys", limits.getMaxKeys(), 1);
		Duration pushback = limits.getRetryPushback();
		if (pushback != null && pushback.isNegative() && !pushback.equals(Duration.ofMillis(-1))) {
			PropertyChecks.reject(errors, "limits.retry-pushback",
					"must be a duration of 0 or more, or -1 to ask clients not to retry, was " + pushback);
		}
		ServerLimitsProperties.Adaptive adaptive = limits.getAdaptive();
		if (adaptive.isEnabled()) {
			if (limits.getMaxConcurrentCalls() != null) {
				PropertyChecks.reject(errors, "limits.max-concurrent-calls",
						"set either a fixed limit or limits.adaptive.enabled=true, not both");
			}
			if (!(0 < adaptive.getMinLimit() && adaptive.getMinLimit() <= adaptive.getInitialLimit()
					&& adaptive.getInitialLimit() <= adaptive.getMaxLimit())) {
				PropertyChecks.reject(errors, "limits.adaptive.initial-limit",
						"expected 0 < min-limit <= initial-limit <= max-limit, was " + adaptive.getMinLimit() + " <= "
								+ adaptive.getInitialLimit() + " <= " + adaptive.getMaxLimit());
			}
		}
		limits.getMethods().forEach((name, method) -> {
			String prefix = "limits.methods[" + name + "]";
			int slash = name.indexOf('/');
			if (slash <= 0 || slash == name.length() - 1 || name.indexOf('/', slash + 1) >= 0) {
				PropertyChecks.reject(errors, prefix,
						"expected package.Service/Method or package.Service/*, was " + name);
			}
			PropertyChecks.atLeast(errors, prefix + ".max-concurrent-calls", method.getMaxConcurrentCalls(), 1);
			if (method.getRate() != null && !(method.getRate() > 0)) {
				PropertyChecks.reject(errors, prefix + ".rate",
						"must be more than 0 calls per second, was " + method.getRate());
			}
			PropertyChecks.atLeast(errors, prefix + ".burst", method.getBurst(), 1);
			if (method.getBurst() != null && method.getRate() == null) {
				PropertyChecks.reject(errors, prefix + ".burst", "needs a rate");
			}
			String key = method.getKey();
			boolean header = key.startsWith("header:") && key.length() > 7;
			if (!"none".equals(key) && !"principal".equals(key) && !header) {
				PropertyChecks.reject(errors, prefix + ".key",
						"must be none, principal or header:<name>, was " + key);
			}
			else if (header) {
				String headerName = key.substring(7);
				if (headerName.endsWith("-bin") || !headerName.chars().allMatch(
						(c) -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
					PropertyChecks.reject(errors, prefix + ".key",
							"header:<name> needs a lower-case ASCII header name (not -bin), was " + key);
				}
			}
			if (method.getMaxConcurrentCalls() == null && method.getRate() == null) {
				PropertyChecks.reject(errors, prefix, "sets neither max-concurrent-calls nor rate");
			}
		});
	}

}
