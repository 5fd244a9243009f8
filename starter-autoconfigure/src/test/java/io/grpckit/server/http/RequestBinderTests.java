package io.grpckit.server.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import com.google.protobuf.TypeRegistry;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServiceDescriptor;
import io.grpckit.test.http.proto.Author;
import io.grpckit.test.http.proto.LibraryGrpc;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Requests into messages: body ({@code *}, a message, scalar or repeated field), path variables and
 * query parameters of every kind; and each kind of bad request, with the message the caller reads.
 * Expected messages are written in protobuf text format.
 */
class RequestBinderTests {

	private static final HttpRoutes ROUTES = HttpRoutes.of(List.of(TestServices.library()));

	private static final JsonCodec JSON = new JsonCodec(false, false, false, false)
		.withTypes(List.of(TestServices.library().getFile()));

	static Stream<Arguments> binds() {
		return Stream.of(
				arguments("GET /v1/shelves/s1/books/b1", "", "name: 'shelves/s1/books/b1'"),
				arguments("GET /v1/shelves/s1/books/b1?read_mask=title,author.displayName", "",
						"name: 'shelves/s1/books/b1' read_mask { paths: 'title' paths: 'author.display_name' }"),
				// path variables: nested fields, int64, bool, enum by name or number, a Timestamp
				arguments("GET /v1/items/7/true/FICTION", "", "item { id: 7 flag: true } genre: FICTION"),
				arguments("GET /v1/items/-7/0/2", "", "item { id: -7 } genre: SCIENCE"),
				arguments("GET /v1/at/2024-05-01T12:00:00Z", "", "when { seconds: 1714564800 }"),
				arguments("GET /v1/files/dir/a%20b.txt?force=true", "", "name: 'dir/a b.txt' force: true"),
				arguments("PURGE /v1/cache/a/b", "", "name: 'a/b'"),
				arguments("POST /v1/operations/a/b:cancel", "", "name: 'operations/a/b'"),
				// body "book": the path wins over the body, the query fills the rest
				arguments("PATCH /v1/shelves/s1/books/b1?update_mask=title", "{\"title\":\"T\",\"name\":\"not this\"}",
						"book { name: 'shelves/s1/books/b1' title: 'T' } update_mask { paths: 'title' }"),
				// body "*": the whole message; the query binds nothing
				arguments("POST /v1/books:update?book.title=no&update_mask=no",
						"{\"book\":{\"title\":\"T\",\"published\":\"2024-05-01T12:00:00Z\"},\"updateMask\":\"title\"}",
						"book { title: 'T' published { seconds: 1714564800 } } update_mask { paths: 'title' }"),
				// a query parameter of a field the body bound is skipped
				arguments("POST /v1/shelves/s1/books?request_id=r1&book.title=no", "{\"title\":\"T\",\"tags\":[\"a\"]}",
						"parent: 'shelves/s1' book { title: 'T' tags: 'a' } request_id: 'r1'"),
				// an Any in the body, resolved through the services' types
				arguments("PATCH /v1/shelves/s1/books/b1",
						"{\"extra\":{\"@type\":\"type.googleapis.com/grpckit.test.http.Author\",\"displayName\":\"Ann\"}}",
						"book { name: 'shelves/s1/books/b1' extra { [type.googleapis.com/grpckit.test.http.Author] { display_name: 'Ann' } } }"),
				// body of a scalar field and of a repeated field
				arguments("POST /v1/notes/5?urgent=true", "\"hello\"", "id: 5 text: 'hello' urgent: true"),
				arguments("POST /v1/notes/5/tags", "[\"a\",\"b\"]", "id: 5 tags: 'a' tags: 'b'"),
				// an empty body is no body
				arguments("POST /v1/shelves/s1/books/b1:archive", "", "name: 'shelves/s1/books/b1'"),
				arguments("POST /v1/shelves/s1/books/b1:archive", " \n", "name: 'shelves/s1/books/b1'"),
				// a rule without body does not read the body (grpc-gateway)
				arguments("DELETE /v1/shelves/s1/books/b1", "{\"name\":\"x\"}", "name: 'shelves/s1/books/b1'"),
				// the path variable wins over the query
				arguments("GET /v1/shelves/s1/search?shelf=other&page_size=2", "", "shelf: 's1' page_size: 2"),
				// query: scalars of every type
				arguments("GET /v1/search?page_size=10&offset=-5&u32=4294967295&u64=18446744073709551615&s32=-3&f64=7"
						+ "&include_drafts=true&min_rating=4.5&weight=1e2&limit=0",
						"", "page_size: 10 offset: -5 u32: 4294967295 u64: 18446744073709551615 s32: -3 f64: 7"
								+ " include_drafts: true min_rating: 4.5 weight: 100 limit: 0"),
				// JSON names work as well as proto names; Go's bool forms
				arguments("GET /v1/search?pageSize=3&includeDrafts=1&minRating=-1", "",
						"page_size: 3 include_drafts: true min_rating: -1"),
				// enums by name or number, repeated by repeating the key, '+' and %2B
				arguments("GET /v1/search?genre=2&genres=FICTION&genres=2&tags=a+b&tags=c%2Bd&years=1999&years=2000", "",
						"genre: SCIENCE genres: FICTION genres: SCIENCE tags: 'a b' tags: 'c+d' years: 1999 years: 2000"),
				// bytes: standard base64 (its '+' arrives as a space), URL-safe, without padding
				arguments("GET /v1/search?cursor=+/8", "", "cursor: '\\373\\377'"),
				arguments("GET /v1/search?cursor=-_8%3D", "", "cursor: '\\373\\377'"),
				// nested fields, oneof member, maps
				arguments("GET /v1/search?filter.author=ann&filter.range.from=1&filter.range.to=2&page_number=3", "",
						"filter { author: 'ann' range { from: 1 to: 2 } } page_number: 3"),
				arguments("GET /v1/search?labels%5Bk1%5D=v1&labels[k2]=v2&genre_by_year[1999]=SCIENCE", "",
						"labels { key: 'k1' value: 'v1' } labels { key: 'k2' value: 'v2' }"
								+ " genre_by_year { key: 1999 value: SCIENCE }"),
				// well-known types from their JSON string form
				arguments("GET /v1/search?after=2024-05-01T12:00:00.5Z&max_age=1.5s&read_mask=title,displayName"
						+ "&min_pages=100&language=en&signed=false&max_id=9007199254740993"
						+ "&dates=1970-01-01T00:00:01Z&dates=1970-01-01T00:00:02Z", "",
						"after { seconds: 1714564800 nanos: 500000000 } max_age { seconds: 1 nanos: 500000000 }"
								+ " read_mask { paths: 'title' paths: 'display_name' } min_pages { value: 100 }"
								+ " language { value: 'en' } signed { } max_id { value: 9007199254740993 }"
								+ " dates { seconds: 1 } dates { seconds: 2 }"),
				// names of no field are ignored, so are empty pairs
				arguments("GET /v1/search?unknown=1&&shelf=s&x.y=2&=3", "", "shelf: 's'"),
				arguments("GET /v1/files?shelf=s", "", "shelf: 's'"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource
	void binds(String request, String body, String expected) throws TextFormat.ParseException {
		Message bound = bind(request, body.getBytes(StandardCharsets.UTF_8), JSON);
		Message.Builder wanted = bound.newBuilderForType();
		TextFormat.Parser parser = TextFormat.Parser.newBuilder()
			.setTypeRegistry(TypeRegistry.newBuilder().add(Author.getDescriptor()).build())
			.build();
		parser.merge(expected.replace('\'', '"'), wanted);
		assertThat(bound).isEqualTo(wanted.build());
	}

	static Stream<Arguments> refuses() {
		return Stream.of(
				// body: not JSON
				arguments("POST /v1/books:update", "{\"book\": ", "request body is not valid JSON: "),
				arguments("POST /v1/books:update", "{\"book\":{}} x", "request body is not valid JSON: "),
				arguments("POST /v1/books:update", "{} {}", "request body is not valid JSON: syntax error at line 1 column 5"),
				arguments("POST /v1/books:update", "{book: {}}", "request body is not valid JSON: "),
				arguments("POST /v1/books:update", "{'book': {}}", "request body is not valid JSON: "),
				arguments("PATCH /v1/shelves/s1/books/b1", "{\"title\":\"a\",}", "request body is not valid JSON: "),
				arguments("POST /v1/notes/5", "hello", "request body is not valid JSON: "),
				// body: unknown fields (ignore-unknown-fields=false), wrong types, named by path
				arguments("POST /v1/books:update", "{\"book\":{\"nope\":1}}", "request body: unknown field \"book.nope\""),
				arguments("POST /v1/books:update", "{\"nope\":1}", "request body: unknown field \"nope\""),
				arguments("PATCH /v1/shelves/s1/books/b1", "{\"nope\":1}", "request body: unknown field \"book.nope\""),
				arguments("PATCH /v1/shelves/s1/books/b1", "{\"id\":\"x\"}", "request body: field \"book.id\": "),
				arguments("PATCH /v1/shelves/s1/books/b1", "{\"author\":{\"age\":\"old\"}}",
						"request body: field \"book.author.age\": "),
				arguments("PATCH /v1/shelves/s1/books/b1", "{\"editors\":[{\"age\":1},{\"age\":true}]}",
						"request body: field \"book.editors[1].age\": "),
				arguments("PATCH /v1/shelves/s1/books/b1", "{\"genre\":\"HORROR\"}", "request body: field \"book.genre\": "),
				arguments("PATCH /v1/shelves/s1/books/b1", "{\"published\":\"yesterday\"}",
						"request body: field \"book.published\": "),
				arguments("PATCH /v1/shelves/s1/books/b1", "\"x\"", "request body: field \"book\": "),
				arguments("POST /v1/books:update", "[1]",
						"request body: expected a JSON object (grpckit.test.http.UpdateBookRequest)"),
				arguments("POST /v1/notes/5", "{\"a\":1}", "request body: field \"text\": "),
				arguments("POST /v1/notes/5/tags", "[1, {}]", "request body: field \"tags\": "),
				arguments("POST /v1/notes/5", "{\"a\":\"" + "x".repeat(500) + "\"}", "x".repeat(150) + "..."),
				// path variables
				arguments("GET /v1/items/x/true/FICTION", "", "path variable \"item.id\": \"x\" is not an int64"),
				arguments("GET /v1/items/1/yes/FICTION", "", "path variable \"item.flag\": \"yes\" is not a bool (true or false)"),
				arguments("GET /v1/items/1/true/HORROR", "",
						"path variable \"genre\": \"HORROR\" is not a value of enum grpckit.test.http.Genre"),
				arguments("GET /v1/items//true/FICTION", "", "path variable \"item.id\" is empty"),
				arguments("GET /v1/files/", "", "path variable \"name\" is empty"),
				arguments("GET /v1/at/never", "", "path variable \"when\": \"never\" is not a Timestamp (RFC 3339"),
				// query parameters of the wrong type
				arguments("GET /v1/search?page_size=x", "", "query parameter \"page_size\": \"x\" is not an int32"),
				arguments("GET /v1/search?page_size=1.0", "", "query parameter \"page_size\": \"1.0\" is not an int32"),
				arguments("GET /v1/search?page_size=99999999999", "", "\"99999999999\" is not an int32"),
				arguments("GET /v1/search?offset=1e3", "", "query parameter \"offset\": \"1e3\" is not an int64"),
				arguments("GET /v1/search?u32=-1", "", "query parameter \"u32\": \"-1\" is not a uint32"),
				arguments("GET /v1/search?u64=-1", "", "\"-1\" is not a uint64"),
				arguments("GET /v1/search?include_drafts=yes", "", "\"yes\" is not a bool (true or false)"),
				arguments("GET /v1/search?min_rating=1f", "", "\"1f\" is not a double"),
				arguments("GET /v1/search?weight=1e39", "", "\"1e39\" is not a float"),
				arguments("GET /v1/search?genre=HORROR", "", "\"HORROR\" is not a value of enum grpckit.test.http.Genre"),
				arguments("GET /v1/search?genre=9", "", "\"9\" is not a value of enum grpckit.test.http.Genre"),
				arguments("GET /v1/search?genres=FICTION&genres=x", "", "query parameter \"genres\": \"x\" is not a value"),
				arguments("GET /v1/search?cursor=a*b", "", "query parameter \"cursor\": \"a*b\" is not base64"),
				arguments("GET /v1/search?after=yesterday", "", "\"yesterday\" is not a Timestamp (RFC 3339"),
				arguments("GET /v1/search?max_age=5", "", "\"5\" is not a Duration"),
				arguments("GET /v1/search?min_pages=x", "", "query parameter \"min_pages\": \"x\" is not an int32"),
				arguments("GET /v1/search?signed=maybe", "", "\"maybe\" is not a bool"),
				arguments("GET /v1/search?page_size=" + "9".repeat(100), "", "\"" + "9".repeat(64) + "...\" is not an int32"),
				// query parameters that cannot name what they name
				arguments("GET /v1/search?filter=x", "", "query parameter \"filter\": field \"filter\" is a message"
						+ " (grpckit.test.http.Filter); name one of its fields, as filter.<field>"),
				arguments("GET /v1/search?filters.author=x", "", "query parameter \"filters.author\": field \"filters\" is repeated"),
				arguments("GET /v1/search?page_size.x=1", "", "query parameter \"page_size.x\": field \"page_size\" is not a message"),
				arguments("GET /v1/search?page_size=1&page_size=2", "", "query parameter \"page_size\" is given 2 times but is not repeated"),
				arguments("GET /v1/search?page_token=a&page_number=1", "",
						"query parameter \"page_number\": field \"page_token\" of the same oneof \"position\" is already set"),
				arguments("GET /v1/search?labels=x", "", "query parameter \"labels\": field \"labels\" is a map; set an entry as labels[key]=value"),
				arguments("GET /v1/search?tags[x]=1", "", "query parameter \"tags[x]\": field \"tags\" is not a map and takes no [key]"),
				arguments("GET /v1/search?genre_by_year[x]=FICTION", "", "\"x\" is not an int32"),
				arguments("GET /v1/search?genre_by_year[1]=x", "", "\"x\" is not a value of enum"),
				arguments("GET /v1/search?shelf=%zz", "", "query string: malformed percent-encoding in \"%zz\""));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource
	void refuses(String request, String body, String message) {
		assertThatExceptionOfType(HttpBindingException.class)
			.isThrownBy(() -> bind(request, body.getBytes(StandardCharsets.UTF_8), JSON))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains(message);
				// written for the caller: no Java or protobuf class names, no stack trace
				assertThat(ex.getMessage()).doesNotContain("Exception", "com.google", "java.", "gson", "\n");
				assertThat(ex.getStackTrace()).isEmpty();
				assertThat(ex.toStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
			});
	}

	@Test
	void aBodyThatIsNotUtf8IsRefused() {
		byte[] latin1 = "{\"title\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(HttpBindingException.class)
			.isThrownBy(() -> bind("PATCH /v1/shelves/s1/books/b1", latin1, JSON))
			.withMessage("request body is not UTF-8");
	}

	@Test
	void unknownFieldsAreIgnoredWhenTheCodecSaysSo() {
		JsonCodec lenient = new JsonCodec(false, false, true, false);
		Message bound = bind("PATCH /v1/shelves/s1/books/b1", "{\"nope\":{\"x\":1},\"title\":\"T\"}".getBytes(), lenient);
		assertThat(bound).hasToString("book {\n  name: \"shelves/s1/books/b1\"\n  title: \"T\"\n}\n");
	}

	@Test
	void aFailedBodyLeavesTheBuilderUntouched() {
		RouteMatch match = ROUTES.match("POST", "/v1/books:update");
		Message.Builder builder = prototype(match.route()).newBuilderForType();
		assertThatExceptionOfType(HttpBindingException.class).isThrownBy(() -> RequestBinder.bind(match, builder, null,
				"{\"book\":{\"title\":\"T\",\"id\":\"x\"}}".getBytes(StandardCharsets.UTF_8), JSON));
		assertThat(builder.build()).isEqualTo(builder.getDefaultInstanceForType());
	}

	/** Binds "METHOD /path?query" with a body, on the request type the in-process call would use. */
	private static Message bind(String request, byte[] body, JsonCodec json) {
		String httpMethod = request.substring(0, request.indexOf(' '));
		String target = request.substring(request.indexOf(' ') + 1);
		int question = target.indexOf('?');
		String path = (question < 0) ? target : target.substring(0, question);
		@Nullable String query = (question < 0) ? null : target.substring(question + 1);
		RouteMatch match = ROUTES.match(httpMethod, path);
		assertThat(match).as("route of %s", request).isNotNull();
		Message.Builder builder = prototype(match.route()).newBuilderForType();
		RequestBinder.bind(match, builder, query, body, json);
		return builder.build();
	}

	/** The generated request type of the route's method, as the in-process bridge finds it. */
	private static Message prototype(HttpRoute route) {
		ServiceDescriptor service = LibraryGrpc.getServiceDescriptor();
		for (io.grpc.MethodDescriptor<?, ?> method : service.getMethods()) {
			if (method.getFullMethodName().equals(route.fullMethodName())) {
				return (Message) ((PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
			}
		}
		throw new IllegalArgumentException("no method " + route.fullMethodName());
	}

}
