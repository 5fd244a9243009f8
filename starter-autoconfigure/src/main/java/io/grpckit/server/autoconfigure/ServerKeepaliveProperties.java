package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationUnit;

/**
 * HTTP/2 keepalive and connection lifetime of the network server,
 * {@code grpckit.server.keepalive.*}.
 */
public class ServerKeepaliveProperties {

	/**
	 * Time without read activity before the server sends a keepalive ping.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration time = Duration.ofHours(2);

	/**
	 * Time to wait for the acknowledgement of a keepalive ping before closing the
	 * connection.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration timeout = Duration.ofSeconds(20);

	private final Permit permit = new Permit();

	private final ConnectionLifetime connection = new ConnectionLifetime();

	public Duration getTime() {
		return this.time;
	}

	public void setTime(Duration time) {
		this.time = time;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Permit getPermit() {
		return this.permit;
	}

	public ConnectionLifetime getConnection() {
		return this.connection;
	}

	/**
	 * What keepalive pings clients may send.
	 */
	public static class Permit {

		/**
		 * Shortest keepalive interval clients may use; pinging more often gets the
		 * connection closed.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration time = Duration.ofMinutes(5);

		/**
		 * Whether clients may send keepalive pings while no call is open.
		 */
		private boolean withoutCalls;

		public Duration getTime() {
			return this.time;
		}

		public void setTime(Duration time) {
			this.time = time;
		}

		public boolean isWithoutCalls() {
			return this.withoutCalls;
		}

		public void setWithoutCalls(boolean withoutCalls) {
			this.withoutCalls = withoutCalls;
		}

	}

	/**
	 * Connection lifetime, {@code grpckit.server.keepalive.connection.*}.
	 */
	public static class ConnectionLifetime {

		/**
		 * Time a connection may stay without calls, from its start or its last call, before
		 * it is closed gracefully (GOAWAY); clients reconnect on their next call. Also bounds
		 * how long a new connection may wait before its first call.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration maxIdleTime = Duration.ofMinutes(5);

		/**
		 * Time a connection may exist before it is closed gracefully, so that clients
		 * rebalance. Unlimited when not set.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration maxAge;

		/**
		 * Time calls may take to finish on a connection closed for its age. Unlimited when
		 * not set.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration gracePeriod;

		public @Nullable Duration getMaxIdleTime() {
			return this.maxIdleTime;
		}

		public void setMaxIdleTime(@Nullable Duration maxIdleTime) {
			this.maxIdleTime = maxIdleTime;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

		public @Nullable Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(@Nullable Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

}
