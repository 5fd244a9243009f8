package io.grpckit.client.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Limits on what a channel receives, {@code grpckit.client.channel.<name>.inbound.*}.
 */
public class ChannelInboundProperties {

	private final Size message = new Size();

	private final Size metadata = new Size();

	public Size getMessage() {
		return this.message;
	}

	public Size getMetadata() {
		return this.metadata;
	}

	/**
	 * Size limit.
	 */
	public static class Size {

		/**
		 * Maximum size; larger inbound messages or metadata fail the call with
		 * RESOURCE_EXHAUSTED.
		 */
		@DataSizeUnit(DataUnit.BYTES)
		private @Nullable DataSize maxSize;

		public @Nullable DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

}
