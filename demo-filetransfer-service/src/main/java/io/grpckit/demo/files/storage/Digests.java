package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * SHA-256 helpers; the digests of stored files are kept by {@link DigestCache}.
 */
final class Digests {

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private Digests() {
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

	/**
	 * Check a client-supplied digest: empty (not checked) or 64 lowercase hex digits.
	 */
	static String checkExpected(@Nullable String sha256) {
		if (sha256 == null || sha256.isEmpty()) {
			return "";
		}
		if (!SHA256.matcher(sha256).matches()) {
			throw StorageException.invalid("sha256: '" + abbreviate(sha256) + "' (expected: 64 lowercase hex digits)");
		}
		return sha256;
	}

	private static String abbreviate(String text) {
		String shown = (text.length() > 80) ? text.substring(0, 80) + "..." : text;
		return shown.replaceAll("\\p{Cntrl}", "?");
	}

	/**
	 * Feed the first {@code length} bytes of a channel into a digest.
	 */
	static void update(MessageDigest digest, FileChannel channel, long length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		long position = 0;
		while (position < length) {
			buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
			int read = channel.read(buffer, position);
			if (read < 0) {
				throw new IOException("unexpected end of file at " + position);
			}
			buffer.flip();
			digest.update(buffer);
			position += read;
		}
	}

}
