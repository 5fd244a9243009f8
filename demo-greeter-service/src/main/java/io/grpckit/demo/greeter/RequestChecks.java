package io.grpckit.demo.greeter;

import io.grpc.Status;
import io.grpckit.demo.greeter.proto.HelloRequest;
import org.jspecify.annotations.Nullable;

/**
 * Validation of {@link HelloRequest} fields. Each check returns an INVALID_ARGUMENT status
 * with a readable description, or {@code null} when the field is acceptable.
 */
final class RequestChecks {

	static final int MAX_NAME_CODE_POINTS = 1024;

	static final long MAX_DELAY_MS = 60_000;

	static final int MAX_COUNT = 100_000;

	private RequestChecks() {
	}

	/**
	 * Check the fields every method uses: {@code name} and {@code delay_ms}.
	 * @param request the request
	 * @return INVALID_ARGUMENT, or {@code null} when valid
	 */
	static @Nullable Status checkNameAndDelay(HelloRequest request) {
		String name = request.getName();
		if (isBlank(name)) {
			return invalid("name: must not be blank");
		}
		int codePoints = name.codePointCount(0, name.length());
		if (codePoints > MAX_NAME_CODE_POINTS) {
			return invalid("name: " + codePoints + " code points (expected: at most " + MAX_NAME_CODE_POINTS + ")");
		}
		long delay = request.getDelayMs();
		if (delay < 0 || delay > MAX_DELAY_MS) {
			return invalid("delay_ms: " + delay + " (expected: 0.." + MAX_DELAY_MS + ")");
		}
		return null;
	}

	/**
	 * Check a SayHelloStream request: name, delay and {@code count}.
	 * @param request the request
	 * @return INVALID_ARGUMENT, or {@code null} when valid
	 */
	static @Nullable Status checkStreamRequest(HelloRequest request) {
		Status status = checkNameAndDelay(request);
		if (status != null) {
			return status;
		}
		int count = request.getCount();
		if (count < 0 || count > MAX_COUNT) {
			return invalid("count: " + count + " (expected: 0.." + MAX_COUNT + ")");
		}
		return null;
	}

	static Status invalid(String description) {
		return Status.INVALID_ARGUMENT.withDescription(description);
	}

	/**
	 * Whether the text is empty or holds only characters with the Unicode White_Space
	 * property. {@link Character#isWhitespace(int)} is a different set: it leaves out
	 * no-break spaces (U+00A0, U+2007, U+202F) and counts U+001C..U+001F, which are not
	 * White_Space.
	 */
	static boolean isBlank(String text) {
		return text.codePoints().allMatch(RequestChecks::isWhiteSpace);
	}

	/**
	 * Whether the code point has the Unicode White_Space property: the space, line and
	 * paragraph separators (Zs, Zl, Zp) plus U+0009..U+000D and U+0085 (PropList.txt).
	 */
	static boolean isWhiteSpace(int codePoint) {
		if ((codePoint >= 0x09 && codePoint <= 0x0D) || codePoint == 0x85) {
			return true;
		}
		int type = Character.getType(codePoint);
		return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
				|| type == Character.PARAGRAPH_SEPARATOR;
	}

}
