package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.server.GrpcServerBuilderCustomizer;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/**
 * Applies the {@code grpckit.server.*} transport properties to a server builder. Network
 * settings (keepalive, connection) apply only to network servers.
 */
class ServerBuilderPropertiesMapper implements GrpcServerBuilderCustomizer {

	private final GrpcServerProperties properties;

	private final boolean network;

	ServerBuilderPropertiesMapper(GrpcServerProperties properties, boolean network) {
		this.properties = properties;
		this.network = network;
	}

	@Override
	public void customize(ServerBuilder<?> builder) {
		PropertyMapper map = PropertyMapper.get();
		ServerInboundProperties inbound = this.properties.getInbound();
		map.from(inbound.getMessage().getMaxSize()).as(ServerBuilderPropertiesMapper::toInt).to(builder::maxInboundMessageSize);
		map.from(inbound.getMetadata().getMaxSize()).as(ServerBuilderPropertiesMapper::toInt).to(builder::maxInboundMetadataSize);
		if (this.network) {
			applyNetwork(builder, map);
		}
	}

	private void applyNetwork(ServerBuilder<?> builder, PropertyMapper map) {
		ServerKeepaliveProperties keepalive = this.properties.getKeepalive();
		map.from(keepalive.getTime()).to((time) -> builder.keepAliveTime(nanos(time), TimeUnit.NANOSECONDS));
		map.from(keepalive.getTimeout()).to((timeout) -> builder.keepAliveTimeout(nanos(timeout), TimeUnit.NANOSECONDS));
		map.from(keepalive.getPermit().getTime())
			.to((time) -> builder.permitKeepAliveTime(nanos(time), TimeUnit.NANOSECONDS));
		builder.permitKeepAliveWithoutCalls(keepalive.getPermit().isWithoutCalls());
		ServerKeepaliveProperties.ConnectionLifetime lifetime = keepalive.getConnection();
		map.from(lifetime.getMaxIdleTime()).to((idle) -> builder.maxConnectionIdle(nanos(idle), TimeUnit.NANOSECONDS));
		map.from(lifetime.getMaxAge()).to((age) -> builder.maxConnectionAge(nanos(age), TimeUnit.NANOSECONDS));
		map.from(lifetime.getGracePeriod())
			.to((grace) -> builder.maxConnectionAgeGrace(nanos(grace), TimeUnit.NANOSECONDS));
		ServerConnectionProperties connection = this.properties.getConnection();
		map.from(connection.getHandshakeTimeout())
			.to((timeout) -> builder.handshakeTimeout(nanos(timeout), TimeUnit.NANOSECONDS));
		if (builder instanceof NettyServerBuilder netty) {
			// ranges were checked at binding (ServerPropertiesChecks)
			netty.maxConcurrentCallsPerConnection(connection.getMaxConcurrentCalls());
			netty.maxRstFramesPerWindow(connection.getMaxResetsPerWindow(),
					(int) Math.min(Integer.MAX_VALUE, connection.getResetWindow().toSeconds()));
			map.from(connection.getFlowControlWindow()).as(ServerBuilderPropertiesMapper::toInt).to(netty::initialFlowControlWindow);
		}
	}

	private static long nanos(Duration duration) {
		return duration.toNanos();
	}

	private static int toInt(DataSize size) {
		return (int) Math.min(Integer.MAX_VALUE, size.toBytes());
	}

}
