package io.grpckit.server.autoconfigure;

import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Limits on what the server receives, {@code grpckit.server.inbound.*}.
 */
public class ServerInboundProperties {

	private final Message message = new Message();

	private final Metadata metadata = new Metadata();

	public Message getMessage() {
		return this.message;
	}

	public Metadata getMetadata() {
		return this.metadata;
	}

	/**
	 * Inbound messages.
	 */
	public static class Message {

		/**
		 * Maximum size of a received message, after decompression. Larger messages fail the
		 * call with RESOURCE_EXHAUSTED.
		 */
		@DataSizeUnit(DataUnit.BYTES)
		private DataSize maxSize = DataSize.ofMegabytes(4);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Inbound metadata.
	 */
	public static class Metadata {

		/**
		 * Maximum size of the received metadata (headers) of a call.
		 */
		@DataSizeUnit(DataUnit.BYTES)
		private DataSize maxSize = DataSize.ofKilobytes(8);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

}
