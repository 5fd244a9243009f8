package io.grpckit.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The path templates of {@code google/api/http.proto}: parsing, matching with percent-decoding,
 * shapes and specificity.
 */
class PathTemplateTests {

	static Stream<Arguments> matches() {
		return Stream.of(
				// literals only
				arguments("/v1/books", "/v1/books", Map.of()),
				arguments("/", "/", Map.of()),
				// {var} is {var=*}: one segment, fully decoded (also %2F)
				arguments("/v1/books/{id}", "/v1/books/42", Map.of("id", "42")),
				arguments("/v1/books/{id}", "/v1/books/a%2Fb%20c", Map.of("id", "a/b c")),
				arguments("/v1/books/{id}", "/v1/books/%E2%82%AC", Map.of("id", "\u20ac")),
				arguments("/v1/books/{id=*}", "/v1/books/x", Map.of("id", "x")),
				// a nested field path is the key
				arguments("/v1/{book.author.name}/x", "/v1/ann/x", Map.of("book.author.name", "ann")),
				// multi-segment variables keep their slashes and do not decode %2F
				arguments("/v1/{name=shelves/*}", "/v1/shelves/s1", Map.of("name", "shelves/s1")),
				arguments("/v1/{name=shelves/*/books/*}", "/v1/shelves/s%201/books/b%2F2",
						Map.of("name", "shelves/s 1/books/b%2F2")),
				arguments("/v1/files/{name=**}", "/v1/files/a/b/c.txt", Map.of("name", "a/b/c.txt")),
				arguments("/v1/files/{name=**}", "/v1/files/a%2Fb", Map.of("name", "a%2Fb")),
				// ** matches zero segments too (the binder then refuses the empty variable)
				arguments("/v1/files/{name=**}", "/v1/files", Map.of("name", "")),
				// wildcards without variables
				arguments("/v1/*/books", "/v1/anything/books", Map.of()),
				arguments("/v1/**", "/v1/a/b", Map.of()),
				// two variables
				arguments("/v1/{a}/{b}", "/v1/x/y", Map.of("a", "x", "b", "y")),
				// an empty segment is an empty variable, for the binder to report
				arguments("/v1/books/{id}", "/v1/books/", Map.of("id", "")),
				// custom verbs: after a literal, after a variable, after **
				arguments("/v1/books:batchGet", "/v1/books:batchGet", Map.of()),
				arguments("/v1/{name=books/*}:archive", "/v1/books/b1:archive", Map.of("name", "books/b1")),
				arguments("/v1/{name=operations/**}:cancel", "/v1/operations/a/b:cancel",
						Map.of("name", "operations/a/b")),
				arguments("/v1/{id}:do", "/v1/a:b:do", Map.of("id", "a:b")),
				// without a verb in the template, a colon is part of the segment
				arguments("/v1/{id}", "/v1/a:b", Map.of("id", "a:b")),
				// a literal matches its percent-encoded form
				arguments("/v1/caf\u00e9", "/v1/caf%C3%A9", Map.of()),
				// a malformed escape stays as it is
				arguments("/v1/{id}", "/v1/100%", Map.of("id", "100%")),
				arguments("/v1/{id}", "/v1/%zz", Map.of("id", "%zz")));
	}

	@ParameterizedTest(name = "{0} matches {1}")
	@MethodSource
	void matches(String template, String path, Map<String, String> variables) {
		assertThat(PathTemplate.parse(template).match(path)).isEqualTo(variables);
	}

	static Stream<Arguments> doesNotMatch() {
		return Stream.of(arguments("/v1/books", "/v1/book"), arguments("/v1/books", "/v1/books/"),
				arguments("/v1/books", "/v1"), arguments("/v1/books/{id}", "/v1/books"),
				arguments("/v1/books/{id}", "/v1/books/1/2"), arguments("/v1/{name=shelves/*}", "/v1/rooms/1"),
				arguments("/v1/{name=shelves/*}", "/v1/shelves/1/2"), arguments("/v1/files/{name=**}", "/v2/files/a"),
				// a verb is required when the template has one, and must follow something
				arguments("/v1/books:batchGet", "/v1/books"), arguments("/v1/books:batchGet", "/v1/books:other"),
				arguments("/v1/{id}:do", "/v1/:do"), arguments("/v1/books", "/v1/books:batchGet"),
				arguments("/", "/v1"), arguments("/v1", "v1"), arguments("/v1", ""));
	}

	@ParameterizedTest(name = "{0} does not match {1}")
	@MethodSource
	void doesNotMatch(String template, String path) {
		assertThat(PathTemplate.parse(template).match(path)).isNull();
	}

	static Stream<Arguments> invalid() {
		return Stream.of(arguments("v1/books", "does not start with /"), arguments("/v1//books", "empty segment"),
				arguments("/v1/books/", "empty segment"), arguments("/v1/**/books", "** must be the last segment"),
				arguments("/v1/{name=**}/x", "** must be the last segment"),
				arguments("/v1/{a={b}}", "variables cannot be nested"), arguments("/v1/{a", "unbalanced '{'"),
				arguments("/v1/a}", "unbalanced '}'"), arguments("/v1/{a}x", "text after a variable"),
				arguments("/v1/x{a}", "neither a literal"), arguments("/v1/{1a}", "\"1a\" is not a field path"),
				arguments("/v1/{a.}", "\"a.\" is not a field path"), arguments("/v1/{a}/{a}", "a field is bound twice"),
				arguments("/v1/books:", "the verb"), arguments("/v1:a/b", "the verb"),
				arguments("/v1/a*b", "neither a literal"), arguments("/v1/{a=}", "empty segment"));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource
	void invalid(String template, String reason) {
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse(template))
			.withMessageContaining("path template \"" + template + "\"")
			.withMessageContaining(reason);
	}

	@Test
	void shapeForgetsVariableNamesButKeepsLiteralsWildcardsAndVerb() {
		assertThat(PathTemplate.parse("/v1/{name=shelves/*}").shape()).isEqualTo("/v1/shelves/*");
		assertThat(PathTemplate.parse("/v1/shelves/{id}").shape()).isEqualTo("/v1/shelves/*");
		assertThat(PathTemplate.parse("/v1/{a.b=**}:cancel").shape()).isEqualTo("/v1/**:cancel");
		assertThat(PathTemplate.parse("/v1/{x}/books").shape()).isNotEqualTo(PathTemplate.parse("/v1/{x}").shape());
	}

	@Test
	void fieldPathsInTemplateOrder() {
		assertThat(PathTemplate.parse("/v1/{b}/{a.c=x/*}/{d=**}:v").fieldPaths()).containsExactly("b", "a.c", "d");
	}

	@Test
	void specificityPutsLiteralsFirstThenSingleThenMultiFromTheLeft() {
		List<String> templates = List.of("/{x=**}", "/v1/{name}", "/v1/{name}:cancel", "/v1/books:batchGet",
				"/v1/books", "/v1/{a}/{b=**}", "/v1/*/x", "/v1/books/{id}");
		List<PathTemplate> sorted = new ArrayList<>(templates.stream().map(PathTemplate::parse).toList());
		sorted.sort(PathTemplate::compareSpecificity);
		assertThat(sorted).map(PathTemplate::toString)
			.containsExactly("/v1/books:batchGet", "/v1/books", "/v1/books/{id}", "/v1/{name}:cancel", "/v1/{name}",
					"/v1/*/x", "/v1/{a}/{b=**}", "/{x=**}");
	}

}
