package io.grpckit.server.http;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The length-prefixed frames gRPC-Web and Connect's streams share: one flags byte, a 4-byte
 * big-endian length, then the payload.
 */
final class Envelopes {

	/** The flag bit of a compressed payload. */
	static final int COMPRESSED = 0x01;

	private Envelopes() {
	}

	/**
	 * One frame.
	 * @param flags the flags byte
	 * @param payload the payload
	 */
	record Envelope(int flags, byte[] payload) {
	}

	/**
	 * Frame a payload.
	 * @param flags the flags byte
	 * @param payload the payload
	 * @return the frame
	 */
	static byte[] frame(int flags, byte[] payload) {
		return ByteBuffer.allocate(5 + payload.length).put((byte) flags).putInt(payload.length).put(payload).array();
	}

	/**
	 * Read every frame of a body.
	 * @param body the body
	 * @return the frames
	 * @throws IllegalArgumentException with a readable message when the body is not whole
	 * frames
	 */
	static List<Envelope> read(byte[] body) {
		List<Envelope> envelopes = new ArrayList<>();
		ByteBuffer buffer = ByteBuffer.wrap(body);
		while (buffer.hasRemaining()) {
			if (buffer.remaining() < 5) {
				throw new IllegalArgumentException("request body ends inside a frame header (" + buffer.remaining()
						+ " bytes left, expected at least 5)");
			}
			int flags = buffer.get() & 0xFF;
			int length = buffer.getInt();
			if (length < 0 || length > buffer.remaining()) {
				throw new IllegalArgumentException("request frame announces " + Integer.toUnsignedString(length)
						+ " bytes but " + buffer.remaining() + " follow");
			}
			byte[] payload = new byte[length];
			buffer.get(payload);
			envelopes.add(new Envelope(flags, payload));
		}
		return envelopes;
	}

}
