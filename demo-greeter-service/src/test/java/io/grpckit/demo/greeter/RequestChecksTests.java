package io.grpckit.demo.greeter;

import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.grpckit.demo.greeter.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The White_Space set and the field limits, without a server.
 */
class RequestChecksTests {

	/** PropList.txt, White_Space (Unicode 15/16). */
	private static final Set<Integer> WHITE_SPACE = Set.of(0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680,
			0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029,
			0x202F, 0x205F, 0x3000);

	@Test
	void whiteSpaceIsExactlyTheUnicodeProperty() {
		Pattern property = Pattern.compile("\\p{IsWhite_Space}");
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			boolean expected = WHITE_SPACE.contains(codePoint);
			assertThat(RequestChecks.isWhiteSpace(codePoint)).as("U+%04X", codePoint).isEqualTo(expected);
			if (codePoint < 0x4000) {
				assertThat(property.matcher(Character.toString(codePoint)).matches()).as("regex U+%04X", codePoint)
					.isEqualTo(expected);
			}
		}
	}

	@Test
	void whiteSpaceDiffersFromCharacterIsWhitespace() {
		assertThat(Character.isWhitespace(0xA0)).isFalse();
		assertThat(RequestChecks.isBlank("\u00A0")).isTrue();
		assertThat(Character.isWhitespace(0x1C)).isTrue();
		assertThat(RequestChecks.isBlank("\u001C")).isFalse();
		assertThat(RequestChecks.isBlank("\u200B")).isFalse();
		assertThat(RequestChecks.isBlank("\u180E")).isFalse();
		assertThat(RequestChecks.isBlank("")).isTrue();
	}

	@Test
	void limitsAreInclusive() {
		assertThat(RequestChecks.checkNameAndDelay(request("x".repeat(1024), 60_000))).isNull();
		assertThat(RequestChecks.checkNameAndDelay(request("x".repeat(1025), 0)).getStatus().getDescription())
			.isEqualTo("name: 1025 code points (expected: at most 1024)");
		assertThat(RequestChecks.checkStreamRequest(request("x", 0).toBuilder().setCount(100_000).build())).isNull();
		assertThat(RequestChecks.checkNameAndDelay(request("x", Long.MAX_VALUE)).getStatus().getDescription())
			.isEqualTo("delay_ms: 9223372036854775807 (expected: 0..60000)");
	}

	private static HelloRequest request(String name, long delayMs) {
		return HelloRequest.newBuilder().setName(name).setDelayMs(delayMs).build();
	}

}
