package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
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
	 * {@code after} (null for the first page). The walk opens each directory relative to its
	 * parent without following links, from the open root: symbolic links and the staging area
	 * are skipped, and nothing outside the root is read.
	 */
	static List<String> names(SecureDirectoryStream<Path> root, String prefix, @Nullable String after, int limit)
			throws IOException {
		List<String> names = new ArrayList<>();
		SecureDirectoryStream<Path> top = Locator.openDirectoryOrNull(root, Path.of("."));
		if (top != null) {
			try (top) {
				walk(top, "", prefix, after, names);
			}
		}
		names.sort(FileName.UTF8_ORDER);
		return (names.size() > limit) ? new ArrayList<>(names.subList(0, limit)) : names;
	}

	private static void walk(SecureDirectoryStream<Path> directory, String path, String prefix,
			@Nullable String after, List<String> names) throws IOException {
		try {
			for (Path entry : directory) {
				Path segment = entry.getFileName();
				if (path.isEmpty() && segment.toString().equals(FileName.RESERVED)) {
					continue;
				}
				String name = path.isEmpty() ? segment.toString() : path + "/" + segment;
				// removed while walking: not part of this listing
				BasicFileAttributes attributes = Locator.attributes(directory, segment);
				if (attributes == null) {
					continue;
				}
				if (attributes.isDirectory()) {
					String dir = name + "/";
					// only descend where names with the prefix can be, and valid names can be
					if ((dir.startsWith(prefix) || prefix.startsWith(dir)) && dir.length() <= FileName.MAX_BYTES) {
						SecureDirectoryStream<Path> child = Locator.openDirectoryOrNull(directory, segment);
						if (child != null) {
							try (child) {
								walk(child, name, prefix, after, names);
							}
						}
					}
				}
				else if (attributes.isRegularFile() && name.startsWith(prefix)
						&& (after == null || FileName.compareUtf8(name, after) > 0) && FileName.isValid(name)) {
					names.add(name);
				}
			}
		}
		catch (DirectoryIteratorException ex) {
			throw ex.getCause();
		}
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
