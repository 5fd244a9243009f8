package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationUnit;

/**
 * Keepalive pings of a channel, {@code grpckit.client.channel.<name>.keepalive.*}.
 */
public class ChannelKeepaliveProperties {

	/**
	 * Time without reads after which a keepalive ping is sent. Must not be lower than the
	 * server's permitted keepalive time.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration time;

	/**
	 * Time to wait for the ping's answer before the connection is closed.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration timeout;

	/**
	 * Whether to send keepalive pings also when no call is active.
	 */
	private @Nullable Boolean withoutCalls;

	public @Nullable Duration getTime() {
		return this.time;
	}

	public void setTime(@Nullable Duration time) {
		this.time = time;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Boolean getWithoutCalls() {
		return this.withoutCalls;
	}

	public void setWithoutCalls(@Nullable Boolean withoutCalls) {
		this.withoutCalls = withoutCalls;
	}

}
