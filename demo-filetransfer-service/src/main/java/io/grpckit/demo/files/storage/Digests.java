package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * SHA-256 helpers. A committed file carries its digest and size in a user extended attribute,
 * set on the temporary file before the rename, so the digest travels atomically with the inode.
 * Where the file system has no user attributes the digest is computed when asked for.
 */
final class Digests {

	private static final String ATTRIBUTE = "grpckit.sha256";

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

	static void remember(Path file, long size, String sha256) {
		try {
			UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
			if (view != null) {
				view.write(ATTRIBUTE, StandardCharsets.US_ASCII.encode(sha256 + ":" + size));
			}
		}
		catch (IOException | UnsupportedOperationException ex) {
			// no user attributes here: recall() computes the digest instead
		}
	}

	/**
	 * Return the digest of an open file, from its attribute when it matches the size, else by
	 * reading it.
	 */
	static String recall(Path file, FileChannel channel, long size) throws IOException {
		try {
			UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
			if (view != null && view.list().contains(ATTRIBUTE)) {
				ByteBuffer buffer = ByteBuffer.allocate(view.size(ATTRIBUTE));
				view.read(ATTRIBUTE, buffer);
				String[] parts = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).split(":");
				if (parts.length == 2 && SHA256.matcher(parts[0]).matches() && parts[1].equals(Long.toString(size))) {
					return parts[0];
				}
			}
		}
		catch (UnsupportedOperationException ex) {
			// fall through and compute
		}
		MessageDigest digest = sha256();
		update(digest, channel, size);
		return hex(digest);
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

	static String compute(Path file) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			MessageDigest digest = sha256();
			update(digest, channel, channel.size());
			return hex(digest);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
