package io.grpckit.demo.greeter;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpckit.demo.greeter.proto.HelloRequest;
import org.jspecify.annotations.Nullable;

/**
 * Validation of {@link HelloRequest} fields. Each check returns an INVALID_ARGUMENT status
 * with a readable description, or {@code null} when the field is acceptable. The status also
 * carries a {@code google.rpc.BadRequest} naming the field and the rule broken (the reason, as
 * a rule id, and the rule in words), sent in {@code grpc-status-details-bin}: clients that read
 * details need not parse the description.
 */
final class RequestChecks {

	static final int MAX_NAME_CODE_POINTS = 1024;

	static final long MAX_DELAY_MS = 60_000;

	static final int MAX_COUNT = 100_000;

	private RequestChecks() {
	}

	/** {@code BadRequest} reason: the field holds only white space. */
	static final String BLANK = "BLANK";

	/** {@code BadRequest} reason: the field is longer than allowed. */
	static final String TOO_LONG = "TOO_LONG";

	/** {@code BadRequest} reason: the number lies outside its range. */
	static final String OUT_OF_RANGE = "OUT_OF_RANGE";

	/**
	 * Check the fields every method uses: {@code name} and {@code delay_ms}.
	 * @param request the request
	 * @return INVALID_ARGUMENT with a BadRequest, or {@code null} when valid
	 */
	static @Nullable StatusRuntimeException checkNameAndDelay(HelloRequest request) {
		String name = request.getName();
		if (isBlank(name)) {
			return invalid("name", BLANK, "must not be blank", "name: must not be blank");
		}
		int codePoints = name.codePointCount(0, name.length());
		if (codePoints > MAX_NAME_CODE_POINTS) {
			return invalid("name", TOO_LONG, "must have at most " + MAX_NAME_CODE_POINTS + " code points",
					"name: " + codePoints + " code points (expected: at most " + MAX_NAME_CODE_POINTS + ")");
		}
		long delay = request.getDelayMs();
		if (delay < 0 || delay > MAX_DELAY_MS) {
			return invalid("delay_ms", OUT_OF_RANGE, "must be in 0.." + MAX_DELAY_MS,
					"delay_ms: " + delay + " (expected: 0.." + MAX_DELAY_MS + ")");
		}
		return null;
	}

	/**
	 * Check a SayHelloStream request: name, delay and {@code count}.
	 * @param request the request
	 * @return INVALID_ARGUMENT with a BadRequest, or {@code null} when valid
	 */
	static @Nullable StatusRuntimeException checkStreamRequest(HelloRequest request) {
		StatusRuntimeException invalid = checkNameAndDelay(request);
		if (invalid != null) {
			return invalid;
		}
		int count = request.getCount();
		if (count < 0 || count > MAX_COUNT) {
			return invalid("count", OUT_OF_RANGE, "must be in 0.." + MAX_COUNT,
					"count: " + count + " (expected: 0.." + MAX_COUNT + ")");
		}
		return null;
	}

	/** INVALID_ARGUMENT without details, for a problem of the call rather than of a field. */
	static Status invalid(String description) {
		return Status.INVALID_ARGUMENT.withDescription(description);
	}

	/**
	 * INVALID_ARGUMENT with the description the contract fixes, and a BadRequest naming the
	 * field, the rule's id and the rule.
	 */
	private static StatusRuntimeException invalid(String field, String reason, String rule, String description) {
		BadRequest badRequest = BadRequest.newBuilder()
			.addFieldViolations(
					BadRequest.FieldViolation.newBuilder().setField(field).setReason(reason).setDescription(rule))
			.build();
		return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
			.setCode(Status.Code.INVALID_ARGUMENT.value())
			.setMessage(description)
			.addDetails(Any.pack(badRequest))
			.build());
	}

	/**
	 * Whether the text is empty or holds only characters with the Unicode White_Space
	 * property. {@link Character#isWhitespace(int)} is a different set: it leaves out
	 * no-break spaces (U+00A0, U+2007, U+202F) and counts U+001C..U+001F, which are not
	 * White_Space.
	 */
	static boolean isBlank(String text) {
		// a loop, not codePoints().allMatch: this runs on every call
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			if (!isWhiteSpace(codePoint)) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
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
