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
	 * Maximum number of calls open at once on one connection, advertised to clients as
	 * HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS; clients queue further calls until one ends.
	 * Jetty and nginx use the same default.
	 */
	private int maxConcurrentCalls = 128;

	/**
	 * Maximum number of connections open at once; further connections are closed as they
	 * are accepted. The process's file-descriptor limit less a quarter of it (at least 128
	 * kept for the rest of the process) when not set.
	 */
	private @Nullable Integer maxConnections;

	/**
	 * Maximum number of streams a client may reset (RST_STREAM) within one reset window;
	 * beyond it the connection is closed with GOAWAY ENHANCE_YOUR_CALM (rapid reset,
	 * CVE-2023-44487). Netty's own HTTP/2 codec uses the same default.
	 */
	private int maxResetsPerWindow = 200;

	/**
	 * Window over which stream resets are counted, in whole seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration resetWindow = Duration.ofSeconds(30);

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
	private Duration handshakeTimeout = Duration.ofSeconds(20);

	public int getMaxConcurrentCalls() {
		return this.maxConcurrentCalls;
	}

	public void setMaxConcurrentCalls(int maxConcurrentCalls) {
		this.maxConcurrentCalls = maxConcurrentCalls;
	}

	public @Nullable Integer getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(@Nullable Integer maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getMaxResetsPerWindow() {
		return this.maxResetsPerWindow;
	}

	public void setMaxResetsPerWindow(int maxResetsPerWindow) {
		this.maxResetsPerWindow = maxResetsPerWindow;
	}

	public Duration getResetWindow() {
		return this.resetWindow;
	}

	public void setResetWindow(Duration resetWindow) {
		this.resetWindow = resetWindow;
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
