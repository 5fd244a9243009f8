package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Finds the names of complete files under a prefix, in UTF-8 byte order, a page at a time.
 * <p>
 * A page token is the base64url of a version byte, the prefix it was issued for and the last
 * name of the page; it is only valid with that prefix. Tokens are not secret: a forged token
 * can only choose where a listing starts.
 */
final class Listing {

	private static final byte VERSION = 1;

	private Listing() {
	}

	/**
	 * Return up to {@code limit} names that start with {@code prefix} and sort after
	 * {@code after} (null for the first page). Symbolic links and the staging area are skipped.
	 */
	static List<String> names(Path root, Path staging, String prefix, @Nullable String after, int limit)
			throws IOException {
		List<String> names = new ArrayList<>();
		Files.walkFileTree(root, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
				if (dir.equals(root)) {
					return FileVisitResult.CONTINUE;
				}
				if (dir.equals(staging)) {
					return FileVisitResult.SKIP_SUBTREE;
				}
				String path = relative(root, dir) + "/";
				// only descend where names with the prefix can be
				boolean useful = path.startsWith(prefix) || prefix.startsWith(path);
				return useful ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
				if (attributes.isRegularFile()) {
					String name = relative(root, file);
					if (name.startsWith(prefix) && (after == null || FileName.compareUtf8(name, after) > 0)
							&& FileName.isValid(name)) {
						names.add(name);
					}
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) {
				// removed while walking: not part of this listing
				return FileVisitResult.CONTINUE;
			}

		});
		names.sort(FileName.UTF8_ORDER);
		return (names.size() > limit) ? new ArrayList<>(names.subList(0, limit)) : names;
	}

	private static String relative(Path root, Path path) {
		return root.relativize(path).toString();
	}

	static String token(String prefix, String lastName) {
		byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
		byte[] nameBytes = lastName.getBytes(StandardCharsets.UTF_8);
		ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + prefixBytes.length + nameBytes.length);
		buffer.put(VERSION).putInt(prefixBytes.length).put(prefixBytes).put(nameBytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
	}

	/**
	 * Return the last name of the previous page, or fail with INVALID when the token is
	 * malformed or was issued for another prefix.
	 */
	static String after(String prefix, String token) {
		ByteBuffer buffer;
		try {
			buffer = ByteBuffer.wrap(Base64.getUrlDecoder().decode(token));
		}
		catch (IllegalArgumentException ex) {
			throw malformed();
		}
		if (buffer.remaining() < 5 || buffer.get() != VERSION) {
			throw malformed();
		}
		int prefixLength = buffer.getInt();
		if (prefixLength < 0 || prefixLength > buffer.remaining()) {
			throw malformed();
		}
		byte[] prefixBytes = new byte[prefixLength];
		buffer.get(prefixBytes);
		byte[] nameBytes = new byte[buffer.remaining()];
		buffer.get(nameBytes);
		if (!new String(prefixBytes, StandardCharsets.UTF_8).equals(prefix)) {
			throw StorageException.invalid("page_token: issued for another prefix (expected: a token from a listing of '"
					+ prefix + "')");
		}
		String name = new String(nameBytes, StandardCharsets.UTF_8);
		if (!FileName.isValid(name) || !name.startsWith(prefix)
				|| !java.util.Arrays.equals(name.getBytes(StandardCharsets.UTF_8), nameBytes)) {
			throw malformed();
		}
		return name;
	}

	private static StorageException malformed() {
		return StorageException.invalid("page_token: malformed (expected: a next_page_token from a List reply)");
	}

}
