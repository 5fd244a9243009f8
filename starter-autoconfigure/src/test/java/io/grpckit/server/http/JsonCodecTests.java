package io.grpckit.server.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;
import io.grpckit.test.http.proto.Author;
import io.grpckit.test.http.proto.Book;
import io.grpckit.test.http.proto.Genre;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * JSON through {@code JsonFormat} under grpc-gateway's four options, {@code Any} through the type
 * registry, and {@code response_body} values of every kind of field.
 */
class JsonCodecTests {

	private static final Book BOOK = Book.newBuilder()
		.setName("n")
		.setId(5)
		.setGenre(Genre.FICTION)
		.setAuthor(Author.newBuilder().setDisplayName("Ann"))
		.build();

	static Stream<Arguments> options() {
		return Stream.of(
				arguments(new JsonCodec(false, false, false, false),
						"{\"name\":\"n\",\"id\":\"5\",\"author\":{\"displayName\":\"Ann\"},\"genre\":\"FICTION\"}"),
				arguments(new JsonCodec(false, true, false, false),
						"{\"name\":\"n\",\"id\":\"5\",\"author\":{\"display_name\":\"Ann\"},\"genre\":\"FICTION\"}"),
				arguments(new JsonCodec(false, false, false, true),
						"{\"name\":\"n\",\"id\":\"5\",\"author\":{\"displayName\":\"Ann\"},\"genre\":1}"),
				// fields without presence print at their defaults; unset messages and optional fields do not
				arguments(new JsonCodec(true, false, false, false),
						"{\"name\":\"n\",\"title\":\"\",\"id\":\"5\",\"author\":{\"displayName\":\"Ann\",\"age\":0},"
								+ "\"tags\":[],\"genre\":\"FICTION\",\"editors\":[],\"ratings\":{}}"),
				arguments(new JsonCodec(true, true, true, true),
						"{\"name\":\"n\",\"title\":\"\",\"id\":\"5\",\"author\":{\"display_name\":\"Ann\",\"age\":0},"
								+ "\"tags\":[],\"genre\":1,\"editors\":[],\"ratings\":{}}"));
	}

	@ParameterizedTest
	@MethodSource
	void options(JsonCodec codec, String json) {
		assertThat(codec.print(BOOK)).isEqualTo(json);
	}

	@Test
	void anyPrintsWithTheServicesTypesAndTheErrorDetailsAlways() {
		Book book = Book.newBuilder().setExtra(Any.pack(Author.newBuilder().setDisplayName("Ann").build())).build();
		JsonCodec withTypes = new JsonCodec(false, false, false, false).withTypes(List.of(Book.getDescriptor().getFile()));
		assertThat(withTypes.print(book))
			.isEqualTo("{\"extra\":{\"@type\":\"type.googleapis.com/grpckit.test.http.Author\",\"displayName\":\"Ann\"}}");
		assertThatIllegalStateException().isThrownBy(() -> new JsonCodec(false, false, false, false).print(book))
			.withMessageStartingWith("Cannot print grpckit.test.http.Book as JSON: ");
		Any detail = Any.pack(ErrorInfo.newBuilder().setReason("QUOTA").build());
		assertThat(new JsonCodec(false, false, false, false).print(detail))
			.isEqualTo("{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"QUOTA\"}");
	}

	@Test
	void aFileOfServicesAloneBringsTheTypesItImports() {
		Book book = Book.newBuilder().setExtra(Any.pack(Author.newBuilder().setDisplayName("Ann").build())).build();
		JsonCodec codec = new JsonCodec(false, false, false, false).withTypes(List.of(TestServices
			.service("OnlyServices", new TestServices.Method("M", TestServices.get("/v1/m"))).getFile()));
		assertThat(codec.print(book)).contains("\"displayName\":\"Ann\"");
	}

	@Test
	void outputIsOneLine() {
		Book book = BOOK.toBuilder().addEditors(Author.newBuilder().setDisplayName("a\nb")).putRatings("x", 1).build();
		assertThat(new JsonCodec(true, false, false, false).print(book)).doesNotContain("\n", " ");
	}

	@Test
	void bodiesTakeJsonAndProtoNames() {
		JsonCodec codec = new JsonCodec(false, false, false, false);
		Book.Builder builder = Book.newBuilder();
		codec.merge("{\"author\":{\"display_name\":\"A\"},\"editors\":[{\"displayName\":\"B\"}]}"
			.getBytes(StandardCharsets.UTF_8), builder);
		assertThat(builder.getAuthor().getDisplayName()).isEqualTo("A");
		assertThat(builder.getEditors(0).getDisplayName()).isEqualTo("B");
	}

	static Stream<Arguments> responseBodies() {
		Book full = BOOK.toBuilder()
			.setTitle("T")
			.addTags("a")
			.addTags("b")
			.addEditors(Author.newBuilder().setDisplayName("E"))
			.putRatings("x", 1)
			.setEdition(0)
			.setPublished(Timestamp.newBuilder().setSeconds(1714564800))
			.build();
		Book empty = Book.getDefaultInstance();
		return Stream.of(arguments(full, "author", false, "{\"displayName\":\"Ann\"}"),
				arguments(empty, "author", false, "{}"), arguments(full, "tags", false, "[\"a\",\"b\"]"),
				arguments(empty, "tags", false, "[]"), arguments(full, "title", false, "\"T\""),
				arguments(empty, "title", false, "\"\""), arguments(full, "id", false, "\"5\""),
				arguments(empty, "id", false, "\"0\""), arguments(full, "genre", false, "\"FICTION\""),
				arguments(full, "genre", true, "1"), arguments(empty, "genre", false, "\"GENRE_UNSPECIFIED\""),
				arguments(full, "ratings", false, "{\"x\":1}"), arguments(empty, "ratings", false, "{}"),
				// elements print under the codec's options: an editor's unset age stays out
				arguments(full, "editors", false, "[{\"displayName\":\"E\"}]"),
				arguments(full, "edition", false, "0"), arguments(empty, "edition", false, "0"),
				arguments(full, "published", false, "\"2024-05-01T12:00:00Z\""));
	}

	@ParameterizedTest(name = "{1} of {0}")
	@MethodSource
	void responseBodies(Message message, String field, boolean enumsAsInts, String json) {
		FieldDescriptor descriptor = message.getDescriptorForType().findFieldByName(field);
		assertThat(new JsonCodec(false, false, false, enumsAsInts).printField(message, descriptor)).isEqualTo(json);
	}

	@Test
	void routesPrintTheirResponseBody() {
		HttpRoutes routes = HttpRoutes.of(List.of(TestServices.library()));
		JsonCodec codec = new JsonCodec(false, false, false, false);
		Book book = BOOK.toBuilder().setTitle("T").addTags("a").build();
		assertThat(routes.match("GET", "/v1/shelves/s/books/b/author").route().responseJson(book, codec))
			.isEqualTo("{\"displayName\":\"Ann\"}");
		assertThat(routes.match("GET", "/v1/shelves/s/books/b/tags").route().responseJson(book, codec))
			.isEqualTo("[\"a\"]");
		assertThat(routes.match("GET", "/v1/shelves/s/books/b/title").route().responseJson(book, codec))
			.isEqualTo("\"T\"");
		assertThat(routes.match("GET", "/v1/shelves/s/books/b").route().responseJson(book, codec))
			.isEqualTo(codec.print(book));
	}

}
