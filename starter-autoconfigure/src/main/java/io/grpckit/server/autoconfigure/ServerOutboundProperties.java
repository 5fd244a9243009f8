package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Limits on what the network server holds for clients, {@code grpckit.server.outbound.*}.
 */
public class ServerOutboundProperties {

	private final Buffer buffer = new Buffer();

	public Buffer getBuffer() {
		return this.buffer;
	}

	/**
	 * Bytes queued for clients that read slower than streaming calls send,
	 * {@code grpckit.server.outbound.buffer.*}.
	 */
	public static class Buffer {

		/**
		 * Whether streaming calls share a bounded send buffer: while it is spent, calls are
		 * told they are not ready (ServerCallStreamObserver.isReady) instead of queueing
		 * more.
		 */
		private boolean enabled = true;

		/**
		 * Bytes all streaming calls together may hold queued for slow readers. A quarter
		 * of the smaller of the heap and the direct memory limit when not set.
		 */
		@DataSizeUnit(DataUnit.BYTES)
		private @Nullable DataSize maxSize;

		/**
		 * Bytes the streaming calls of one connection may hold queued, so that clients that
		 * stop reading spend their own share and not everyone's. An eighth of max-size when
		 * not set.
		 */
		@DataSizeUnit(DataUnit.BYTES)
		private @Nullable DataSize maxSizePerConnection;

		/**
		 * Time a call may wait for room in the buffer before it ends with
		 * RESOURCE_EXHAUSTED.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration maxWait = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public @Nullable DataSize getMaxSizePerConnection() {
			return this.maxSizePerConnection;
		}

		public void setMaxSizePerConnection(@Nullable DataSize maxSizePerConnection) {
			this.maxSizePerConnection = maxSizePerConnection;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

}
