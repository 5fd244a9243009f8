package io.grpckit.demo.files.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileNameTests {

	static Stream<Arguments> badNames() {
		return Stream.of(
				Arguments.of("", "must not be empty"),
				Arguments.of("../x", "'..' segment"),
				Arguments.of("/etc/passwd", "must be relative"),
				Arguments.of("/", "must be relative"),
				Arguments.of("a/../../b", "'..' segment"),
				Arguments.of("a/..", "'..' segment"),
				Arguments.of("..", "'..' segment"),
				Arguments.of(".", "'.' segment"),
				Arguments.of("a/./b", "'.' segment"),
				Arguments.of("a\\b", "backslash"),
				Arguments.of("..\\x", "backslash"),
				Arguments.of("a\u0000b", "U+0000"),
				Arguments.of("a\nb", "U+000A"),
				Arguments.of("tab\there", "U+0009"),
				Arguments.of("del\u007F", "U+007F"),
				Arguments.of("c1\u0085", "U+0085"),
				Arguments.of("c1\u009F", "U+009F"),
				Arguments.of("a//b", "empty segment"),
				Arguments.of("a/", "empty segment"),
				Arguments.of("x".repeat(256), "segment longer than 255 bytes"),
				Arguments.of("d/" + "\u00e9".repeat(128), "segment longer than 255 bytes"),
				Arguments.of(longName(1025), "longer than 1024 bytes"),
				Arguments.of("bad\uD800surrogate", "valid Unicode"),
				Arguments.of(".grpckit/tmp/x", "reserved"),
				Arguments.of(".grpckit", "reserved"));
	}

	private static String longName(int bytes) {
		List<String> segments = new ArrayList<>();
		int length = 0;
		while (length + 101 <= bytes) {
			segments.add("s".repeat(100));
			length += 101;
		}
		String name = String.join("/", segments);
		return name + "/" + "t".repeat(bytes - name.length() - 1);
	}

	@ParameterizedTest(name = "[{index}] {1}")
	@MethodSource("badNames")
	void badNameIsInvalidWithReason(String name, String reason) {
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> FileName.of(name))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StorageException.Kind.INVALID))
			.withMessageStartingWith("name: '")
			.withMessageContaining(reason)
			.withMessageNotContaining("\u0000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "a/b/c.txt", ".hidden", "a/.b", "..a", "a..", "a b", "\u00e9t\u00e9/\u65e5\u672c",
			"emoji-\uD83D\uDE00", ".grpckit2", "x/.grpckit" })
	void goodNameIsAccepted(String name) {
		assertThat(FileName.of(name).toString()).isEqualTo(name);
	}

	@Test
	void limitsAreInclusive() {
		assertThat(FileName.of("x".repeat(255)).segments()).hasSize(1);
		String name = longName(1024);
		assertThat(name).hasSize(1024);
		assertThat(FileName.of(name).toString()).isEqualTo(name);
	}

	@Test
	void longNamesAreAbbreviatedInReasons() {
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> FileName.of("y".repeat(300)))
			.withMessageContaining("...'");
	}

	@Test
	void orderIsUtf8ByteOrder() {
		// UTF-16 puts U+FFFD after the surrogate pair of U+1F600; UTF-8 puts it before
		List<String> names = new ArrayList<>(List.of("\uD83D\uDE00", "\uFFFD", "b", "a", "ab", "B"));
		names.sort(FileName.UTF8_ORDER);
		assertThat(names).containsExactly("B", "a", "ab", "b", "\uFFFD", "\uD83D\uDE00");
	}

}
