package io.grpckit.server.http;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpckit.server.http.TestServices.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.grpckit.server.http.TestServices.custom;
import static io.grpckit.server.http.TestServices.get;
import static io.grpckit.server.http.TestServices.library;
import static io.grpckit.server.http.TestServices.libraryMethod;
import static io.grpckit.server.http.TestServices.post;
import static io.grpckit.server.http.TestServices.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Routes read from {@code google.api.http} options: every rule feature of the Library service
 * matched, the priority between routes that could both match, and the start-up errors of wrong or
 * conflicting rules.
 */
class HttpRoutesTests {

	private static final HttpRoutes LIBRARY = HttpRoutes.of(List.of(library()));

	static Stream<Arguments> libraryRoutes() {
		return Stream.of(
				arguments("GET", "/v1/shelves/s1/books/b1", "GetBook", Map.of("name", "shelves/s1/books/b1")),
				arguments("GET", "/v1/shelves/s1", "GetShelf", Map.of("name", "shelves/s1")),
				arguments("GET", "/v1/items/7/true/FICTION", "GetItem",
						Map.of("item.id", "7", "item.flag", "true", "genre", "FICTION")),
				arguments("GET", "/v1/at/2024-05-01T12:00:00Z", "GetAt", Map.of("when", "2024-05-01T12:00:00Z")),
				// a primary rule and its additional bindings
				arguments("PATCH", "/v1/shelves/s1/books/b1", "UpdateBook", Map.of("book.name", "shelves/s1/books/b1")),
				arguments("PUT", "/v1/shelves/s1/books/b1", "UpdateBook", Map.of("book.name", "shelves/s1/books/b1")),
				arguments("POST", "/v1/books:update", "UpdateBook", Map.of()),
				arguments("POST", "/v1/shelves/s1/books", "CreateBook", Map.of("parent", "shelves/s1")),
				arguments("DELETE", "/v1/shelves/s1/books/b1", "DeleteBook", Map.of("name", "shelves/s1/books/b1")),
				arguments("GET", "/v1/files/dir/a%20b.txt", "GetFile", Map.of("name", "dir/a b.txt")),
				// the literal route beats {name=**} matching nothing
				arguments("GET", "/v1/files", "ListFiles", Map.of()),
				// custom verbs
				arguments("GET", "/v1/books:batchGet", "BatchGetBooks", Map.of()),
				arguments("POST", "/v1/shelves/s1/books/b1:archive", "ArchiveBook",
						Map.of("name", "shelves/s1/books/b1")),
				arguments("POST", "/v1/operations/a/b:cancel", "CancelOperation", Map.of("name", "operations/a/b")),
				arguments("GET", "/v1/search", "Search", Map.of()),
				arguments("GET", "/v1/shelves/s1/search", "Search", Map.of("shelf", "s1")),
				arguments("POST", "/v1/notes/5", "AddNote", Map.of("id", "5")),
				arguments("POST", "/v1/notes/5/tags", "AddTags", Map.of("id", "5")),
				arguments("GET", "/v1/shelves/s1/books/b1/author", "GetAuthor", Map.of("name", "shelves/s1/books/b1")),
				// a custom method kind
				arguments("PURGE", "/v1/cache/a/b", "Purge", Map.of("name", "a/b")),
				// streaming methods with a rule are routes too
				arguments("GET", "/v1/shelves/s1:watch", "Watch", Map.of("name", "shelves/s1")),
				arguments("POST", "/v1/uploads", "Upload", Map.of()));
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@MethodSource
	void libraryRoutes(String httpMethod, String path, String method, Map<String, String> variables) {
		RouteMatch match = LIBRARY.match(httpMethod, path);
		assertThat(match).isNotNull();
		assertThat(match.route().fullMethodName()).isEqualTo(libraryMethod(method));
		assertThat(match.pathVariables()).isEqualTo(variables);
	}

	static Stream<Arguments> noRoute() {
		return Stream.of(arguments("GET", "/v1/shelves/s1/books"), arguments("GET", "/v2/search"),
				arguments("POST", "/v1/search"), arguments("GET", "/v1/books:other"), arguments("get", "/v1/search"),
				arguments("GET", "v1/search"), arguments("PURGE", "/v1/files/a"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource
	void noRoute(String httpMethod, String path) {
		assertThat(LIBRARY.match(httpMethod, path)).isNull();
	}

	@Test
	void everyRuleAndAdditionalBindingIsARouteAndMethodsWithoutRuleAreNot() {
		assertThat(LIBRARY.routes()).hasSize(24);
		assertThat(LIBRARY.routes()).filteredOn((route) -> route.fullMethodName().equals(libraryMethod("UpdateBook")))
			.extracting(HttpRoute::httpMethod, HttpRoute::body)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("PATCH", "book"),
					org.assertj.core.groups.Tuple.tuple("PUT", "book"), org.assertj.core.groups.Tuple.tuple("POST", "*"));
		assertThat(LIBRARY.routes()).noneMatch((route) -> route.fullMethodName().equals(libraryMethod("Unmapped")));
	}

	@Test
	void streamingRoutesSayWhichKindTheyAre() {
		HttpRoute upload = LIBRARY.match("POST", "/v1/uploads").route();
		HttpRoute watch = LIBRARY.match("GET", "/v1/shelves/s1:watch").route();
		assertThat(upload.isClientStreaming()).isTrue();
		assertThat(watch.isClientStreaming()).isFalse();
		assertThat(watch.isServerStreaming()).isTrue();
	}

	@Test
	void aPathOfAnotherHttpMethodIsKnownForA405() {
		assertThat(LIBRARY.matchesPath("/v1/shelves/s1/books")).isTrue();
		assertThat(LIBRARY.allowedMethods("/v1/shelves/s1/books")).containsExactly("POST");
		assertThat(LIBRARY.allowedMethods("/v1/shelves/s1/books/b1")).containsExactlyInAnyOrder("GET", "PATCH", "PUT",
				"DELETE");
		assertThat(LIBRARY.matchesPath("/v2/nothing")).isFalse();
	}

	@Test
	void routesBuiltByHandAreCheckedTheSameWay() {
		com.google.protobuf.Descriptors.MethodDescriptor getShelf = library().findMethodByName("GetShelf");
		HttpRoute named = new HttpRoute("GET", PathTemplate.parse("/v2/{name=shelves/*}"), getShelf, "", "");
		HttpRoute wildcard = new HttpRoute("GET", PathTemplate.parse("/v2/shelves/*"), getShelf, "", "");
		assertThat(HttpRoutes.ofRoutes(List.of(named)).match("GET", "/v2/shelves/1").pathVariables())
			.containsExactly(Map.entry("name", "shelves/1"));
		assertThatIllegalStateException().isThrownBy(() -> HttpRoutes.ofRoutes(List.of(named, wildcard)))
			.withMessageContaining("GET /v2/{name=shelves/*} of grpckit.test.http.Library/GetShelf and GET /v2/shelves/*");
		assertThatIllegalStateException()
			.isThrownBy(() -> new HttpRoute("GET", PathTemplate.parse("/v2/{nope}"), getShelf, "", ""))
			.withMessage("HTTP rule GET /v2/{nope} of grpckit.test.http.Library/GetShelf: path variable {nope}: "
					+ "\"nope\" is not a field of grpckit.test.http.GetShelfRequest");
	}

	static Stream<Arguments> priority() {
		return Stream.of(
				// a literal on the left beats a variable, whatever comes after
				arguments(List.of("/v1/{a}/b", "/v1/x/{b}"), "/v1/x/b", "/v1/x/{b}"),
				arguments(List.of("/v1/{name}", "/v1/books"), "/v1/books", "/v1/books"),
				arguments(List.of("/v1/{name=**}", "/v1/books/{id}"), "/v1/books/1", "/v1/books/{id}"),
				// * beats **
				arguments(List.of("/v1/{rest=**}", "/v1/{one}"), "/v1/x", "/v1/{one}"),
				// ** matching nothing loses to the template without it
				arguments(List.of("/v1/{a}/{rest=**}", "/v1/{a}"), "/v1/x", "/v1/{a}"),
				// a verb beats the same segments without one
				arguments(List.of("/v1/{name}", "/v1/{name}:cancel"), "/v1/x:cancel", "/v1/{name}:cancel"),
				arguments(List.of("/v1/{name}", "/v1/books:batchGet"), "/v1/books:batchGet", "/v1/books:batchGet"));
	}

	@ParameterizedTest(name = "{2} wins for {1}")
	@MethodSource
	void priority(List<String> templates, String path, String winner) {
		// in both orders of declaration: the order in the proto does not matter
		List<String> reversed = new java.util.ArrayList<>(templates);
		java.util.Collections.reverse(reversed);
		for (List<String> order : List.of(templates, reversed)) {
			Method[] methods = new Method[order.size()];
			for (int i = 0; i < order.size(); i++) {
				methods[i] = new Method("M" + i, "Vars", "Book", get(order.get(i)));
			}
			HttpRoutes routes = HttpRoutes.of(List.of(service("Priority", methods)));
			assertThat(routes.match("GET", path).route().template()).hasToString(winner);
		}
	}

	static Stream<Arguments> startUpErrors() {
		return Stream.of(
				arguments(List.of(service("Twice", new Method("A", get("/v1/things/{name}")),
						new Method("B", get("/v1/things/*")))),
						List.of("Conflicting HTTP routes", "GET /v1/things/{name} of grpckit.test.dynamic.Twice/A",
								"GET /v1/things/* of grpckit.test.dynamic.Twice/B")),
				arguments(List.of(library(), service("Shelves", new Method("Get", "GetShelfRequest", "Shelf",
						get("/v1/shelves/{name}")))),
						List.of("/v1/{name=shelves/*} of grpckit.test.http.Library/GetShelf",
								"GET /v1/shelves/{name} of grpckit.test.dynamic.Shelves/Get")),
				arguments(List.of(service("Verbs", new Method("A", get("/v1/{name}:go")), new Method("B",
						"GetFileRequest", "Book", get("/v1/{name}:go")))),
						List.of("grpckit.test.dynamic.Verbs/A", "grpckit.test.dynamic.Verbs/B", "GET /v1/*:go")),
				arguments(List.of(service("Same", new Method("A", HttpRule.newBuilder().setGet("/v1/x")
					.addAdditionalBindings(get("/v1/x")).build()))),
						List.of("GET /v1/x of grpckit.test.dynamic.Same/A and GET /v1/x of grpckit.test.dynamic.Same/A")),
				arguments(List.of(service("Repeated", new Method("M", "Book", "Book", get("/v1/{tags}")))),
						List.of("grpckit.test.dynamic.Repeated/M", "path variable {tags}",
								"\"grpckit.test.http.Book.tags\" is repeated")),
				arguments(List.of(service("RepeatedParent", new Method("M", "Book", "Book",
						get("/v1/{editors.display_name}")))),
						List.of("grpckit.test.dynamic.RepeatedParent/M", "\"grpckit.test.http.Book.editors\" is repeated")),
				arguments(List.of(service("MessageVariable", new Method("M", "Book", "Book", get("/v1/{author}")))),
						List.of("grpckit.test.dynamic.MessageVariable/M", "\"grpckit.test.http.Book.author\" is a message")),
				arguments(List.of(service("ThroughScalar", new Method("M", "Book", "Book", get("/v1/{title.x}")))),
						List.of("grpckit.test.dynamic.ThroughScalar/M", "\"grpckit.test.http.Book.title\" is not a message")),
				arguments(List.of(service("Unknown", new Method("M", get("/v1/{nope}")))),
						List.of("grpckit.test.dynamic.Unknown/M", "\"nope\" is not a field of grpckit.test.http.GetBookRequest")),
				arguments(List.of(service("BadTemplate", new Method("M", get("v1/{name}")))),
						List.of("HTTP rule GET of grpckit.test.dynamic.BadTemplate/M", "does not start with /")),
				arguments(List.of(service("Nested", new Method("M", HttpRule.newBuilder().setGet("/v1/a")
					.addAdditionalBindings(HttpRule.newBuilder().setGet("/v1/b").addAdditionalBindings(get("/v1/c")))
					.build()))), List.of("grpckit.test.dynamic.Nested/M", "additional bindings of its own")),
				arguments(List.of(service("Body", new Method("M", post("/v1/a", "nope")))),
						List.of("grpckit.test.dynamic.Body/M", "body \"nope\" is not a field of grpckit.test.http.GetBookRequest")),
				arguments(List.of(service("ResponseBody", new Method("M", HttpRule.newBuilder().setGet("/v1/a")
					.setResponseBody("nope").build()))),
						List.of("grpckit.test.dynamic.ResponseBody/M", "response_body \"nope\" is not a field of grpckit.test.http.Book")),
				arguments(List.of(service("NoKind", new Method("M", custom("", "/v1/a")))),
						List.of("grpckit.test.dynamic.NoKind/M", "without kind")),
				arguments(List.of(service("NoPath", new Method("M", HttpRule.newBuilder().setBody("*").build()))),
						List.of("grpckit.test.dynamic.NoPath/M", "has no path")));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource
	void startUpErrors(List<ServiceDescriptor> services, List<String> messageParts) {
		assertThatIllegalStateException().isThrownBy(() -> HttpRoutes.of(services))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains(messageParts));
	}

	static Stream<Arguments> notConflicts() {
		return Stream.of(arguments(get("/v1/x/{a}"), post("/v1/x/{a}", "*")),
				arguments(get("/v1/{a}:one"), get("/v1/{a}:two")), arguments(get("/v1/{a}"), get("/v1/{a}:two")),
				arguments(get("/v1/x"), get("/v1/{a}")), arguments(get("/v1/{a=*}"), get("/v1/{a=**}")),
				arguments(get("/v1/{a}"), get("/v1/{a}/b")), arguments(custom("HEAD", "/v1/x"), get("/v1/x")));
	}

	@ParameterizedTest(name = "{0} and {1}")
	@MethodSource
	void notConflicts(HttpRule first, HttpRule second) {
		HttpRoutes routes = HttpRoutes.of(List.of(service("Fine", new Method("A", "Vars", "Book", first),
				new Method("B", "Vars", "Book", second))));
		assertThat(routes.routes()).hasSize(2);
	}

}
