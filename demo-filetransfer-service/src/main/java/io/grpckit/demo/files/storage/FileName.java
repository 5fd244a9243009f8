package io.grpckit.demo.files.storage;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A validated file name: relative, '/'-separated, safe to resolve against the storage root.
 * <p>
 * Refused: an empty name, a leading '/', an empty segment ({@code a//b}, a trailing '/'), a
 * {@code .} or {@code ..} segment, a backslash, a control character (U+0000..U+001F,
 * U+007F..U+009F), an unpaired surrogate, a segment over 255 bytes or a name over 1024 bytes in
 * UTF-8, and names under the reserved first segment {@value #RESERVED} that holds staging data.
 */
public final class FileName implements Comparable<FileName> {

	/** Longest name, in UTF-8 bytes. */
	public static final int MAX_BYTES = 1024;

	/** Longest segment, in UTF-8 bytes. */
	public static final int MAX_SEGMENT_BYTES = 255;

	/** First segment reserved for temporary and partial data. */
	public static final String RESERVED = ".grpckit";

	/** Orders names by the UTF-8 bytes of their text (the same as Unicode code point order). */
	public static final Comparator<String> UTF8_ORDER = FileName::compareUtf8;

	private final String value;

	private final List<String> segments;

	private FileName(String value, List<String> segments) {
		this.value = value;
		this.segments = segments;
	}

	/**
	 * Validate a name.
	 * @param name the name as received
	 * @return the validated name
	 * @throws StorageException of kind INVALID with a readable reason
	 */
	public static FileName of(String name) {
		String reason = check(name);
		if (reason != null) {
			throw StorageException.invalid("name: " + quote(name) + " (" + reason + ")");
		}
		return new FileName(name, List.of(name.split("/", -1)));
	}

	private static @Nullable String check(@Nullable String name) {
		if (name == null || name.isEmpty()) {
			return "must not be empty";
		}
		if (name.charAt(0) == '/') {
			return "must be relative, not start with '/'";
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '\\') {
				return "must not contain a backslash";
			}
			if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
				return String.format("must not contain control character U+%04X", (int) c);
			}
			if (Character.isHighSurrogate(c) && i + 1 < name.length()
					&& Character.isLowSurrogate(name.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return "must be valid Unicode";
			}
		}
		if (utf8Length(name) > MAX_BYTES) {
			return "longer than " + MAX_BYTES + " bytes in UTF-8";
		}
		String[] segments = name.split("/", -1);
		for (String segment : segments) {
			if (segment.isEmpty()) {
				return "must not contain an empty segment ('//' or a trailing '/')";
			}
			if (segment.equals(".") || segment.equals("..")) {
				return "must not contain a '" + segment + "' segment";
			}
			if (utf8Length(segment) > MAX_SEGMENT_BYTES) {
				return "has a segment longer than " + MAX_SEGMENT_BYTES + " bytes in UTF-8";
			}
		}
		if (segments[0].equals(RESERVED)) {
			return "'" + RESERVED + "' is reserved for staging data";
		}
		return null;
	}

	private static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	private static String quote(@Nullable String name) {
		if (name == null) {
			return "null";
		}
		StringBuilder out = new StringBuilder("'");
		String shown = (name.length() > 64) ? name.substring(0, 64) : name;
		shown.codePoints().forEach((cp) -> {
			if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F) || Character.isSurrogate((char) cp)) {
				out.append(String.format("\\u%04X", cp));
			}
			else {
				out.appendCodePoint(cp);
			}
		});
		return out.append((shown.length() < name.length()) ? "...'" : "'").toString();
	}

	static int compareUtf8(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int ca = a.codePointAt(i);
			int cb = b.codePointAt(j);
			if (ca != cb) {
				return Integer.compare(ca, cb);
			}
			i += Character.charCount(ca);
			j += Character.charCount(cb);
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}

	/**
	 * Return the segments of this name, in order.
	 * @return the segments
	 */
	public List<String> segments() {
		return this.segments;
	}

	@Override
	public int compareTo(FileName other) {
		return compareUtf8(this.value, other.value);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof FileName name) && name.value.equals(this.value);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return this.value;
	}

	byte[] utf8() {
		return this.value.getBytes(StandardCharsets.UTF_8);
	}

	static boolean isValid(String name) {
		return check(name) == null;
	}

}
