package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * HTTP/2 connection settings of the network server, {@code grpckit.server.connection.*}.
 */
public class ServerConnectionProperties {

	/**
	 * Maximum number of calls open at once on one connection. Unlimited when not set.
	 */
	private @Nullable Integer maxConcurrentCalls;

	/**
	 * Initial HTTP/2 flow-control window of each stream and connection. grpc-java's default
	 * (1 MiB, then tuned by BDP probing) when not set.
	 */
	@DataSizeUnit(DataUnit.BYTES)
	private @Nullable DataSize flowControlWindow;

	/**
	 * Time a new connection may take to complete its handshake (TLS and HTTP/2 preface)
	 * before it is closed.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration handshakeTimeout = Duration.ofSeconds(120);

	public @Nullable Integer getMaxConcurrentCalls() {
		return this.maxConcurrentCalls;
	}

	public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
		this.maxConcurrentCalls = maxConcurrentCalls;
	}

	public @Nullable DataSize getFlowControlWindow() {
		return this.flowControlWindow;
	}

	public void setFlowControlWindow(@Nullable DataSize flowControlWindow) {
		this.flowControlWindow = flowControlWindow;
	}

	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	public void setHandshakeTimeout(Duration handshakeTimeout) {
		this.handshakeTimeout = handshakeTimeout;
	}

}
