package io.grpckit.server.http.openapi;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpckit.server.http.GrpcHttpRoute;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The operations of the test protos' {@code Library} routes (every {@code google.api.http}
 * feature), as the gateway reads them.
 */
class GrpcHttpOpenApiCustomizerTests {

	private static final List<GrpcHttpRoute> LIBRARY = TestDescriptors.libraryRoutes();

	private final OpenAPI openApi = customised(LIBRARY, false);

	@Test
	void operationIdsAreServiceAndMethodNumberedForAdditionalBindings() {
		assertThat(operation("/v1/{book.name}", PathItem.HttpMethod.PATCH).getOperationId())
			.isEqualTo("Library_UpdateBook");
		assertThat(operation("/v1/{book.name}", PathItem.HttpMethod.PUT).getOperationId())
			.isEqualTo("Library_UpdateBook2");
		assertThat(operation("/v1/books:update", PathItem.HttpMethod.POST).getOperationId())
			.isEqualTo("Library_UpdateBook3");
		assertThat(operation("/v1/search", PathItem.HttpMethod.GET).getOperationId()).isEqualTo("Library_Search");
		assertThat(operation("/v1/shelves/{shelf}/search", PathItem.HttpMethod.GET).getOperationId())
			.isEqualTo("Library_Search2");
	}

	@Test
	void operationsAreTaggedWithTheServiceAndSummarizedByTheMethod() {
		Operation operation = operation("/v1/files", PathItem.HttpMethod.GET);
		assertThat(operation.getTags()).containsExactly("grpckit.test.http.Library");
		// generated descriptors carry no comments: the method's name
		assertThat(operation.getSummary()).isEqualTo("ListFiles");
		assertThat(operation.getDescription()).isEqualTo("Calls the gRPC method `grpckit.test.http.Library/ListFiles`.");
		assertThat(this.openApi.getTags()).singleElement()
			.satisfies((tag) -> assertThat(tag.getName()).isEqualTo("grpckit.test.http.Library"));
	}

	@Test
	void multiSegmentVariablesArePlainParametersThatSayTheyHoldSlashes() {
		Parameter name = parameter(operation("/v1/files/{name}", PathItem.HttpMethod.GET), "name");
		assertThat(name.getIn()).isEqualTo("path");
		assertThat(name.getRequired()).isTrue();
		assertThat(name.getDescription()).contains("Matches **", "contains slashes");
		assertThat(name.getSchema().getType()).isEqualTo("string");
		assertThat(parameter(operation("/v1/{name}:archive", PathItem.HttpMethod.POST), "name").getDescription())
			.contains("Matches shelves/*/books/*");
	}

	@Test
	void templatesOpenApiWritesAlikeGetNumberedParameters() {
		// GET /v1/{name=shelves/*/books/*} (GetBook) and GET /v1/{name=shelves/*} (GetShelf)
		Operation first = operation("/v1/{name}", PathItem.HttpMethod.GET);
		Operation second = operation("/v1/{name_1}", PathItem.HttpMethod.GET);
		assertThat(List.of(first.getOperationId(), second.getOperationId())).containsExactlyInAnyOrder(
				"Library_GetBook", "Library_GetShelf");
		assertThat(parameter(second, "name_1").getDescription()).contains("Binds the field name.");
		// another HTTP method on the same path shares the path item
		assertThat(operation("/v1/{name}", PathItem.HttpMethod.DELETE).getOperationId())
			.isEqualTo("Library_DeleteBook");
	}

	@Test
	void nestedAndTypedPathVariables() {
		Operation operation = operation("/v1/items/{item.id}/{item.flag}/{genre}", PathItem.HttpMethod.GET);
		assertThat(parameter(operation, "item.id").getSchema().getFormat()).isEqualTo("int64");
		assertThat(parameter(operation, "item.flag").getSchema().getType()).isEqualTo("boolean");
		assertThat(parameter(operation, "genre").getSchema().get$ref()).endsWith("/grpckit.test.http.Genre");
		// the fields the path did not bind: none of item's, and when
		assertThat(operation.getParameters()).extracting(Parameter::getIn, Parameter::getName)
			.containsExactly(tuple("path", "item.id"), tuple("path", "item.flag"), tuple("path", "genre"),
					tuple("query", "when"));
		assertThat(parameter(operation, "when").getSchema().getFormat()).isEqualTo("date-time");
	}

	@Test
	void queryParametersForTheFieldsPathAndBodyLeave() {
		Operation operation = operation("/v1/search", PathItem.HttpMethod.GET);
		assertThat(operation.getRequestBody()).isNull();
		assertThat(operation.getParameters()).extracting(Parameter::getName)
			.contains("shelf", "pageSize", "offset", "genre", "tags", "genres", "cursor", "filter.author",
					"filter.range.from", "filter.range.to", "after", "maxAge", "readMask", "minPages", "labels",
					"genreByYear", "pageToken", "pageNumber", "limit", "dates")
			// a repeated message has no query form
			.doesNotContain("filters", "filter", "filter.range");
		assertThat(parameter(operation, "tags").getSchema().getType()).isEqualTo("array");
		assertThat(parameter(operation, "genre").getSchema().get$ref()).endsWith("/grpckit.test.http.Genre");
		assertThat(parameter(operation, "minPages").getSchema().getType()).isEqualTo("integer");
		// a map entry is labels[key]=value
		assertThat(parameter(operation, "labels").getStyle()).isEqualTo(Parameter.StyleEnum.DEEPOBJECT);
		assertThat(parameter(operation, "labels").getSchema().getType()).isEqualTo("object");
		assertThat(operation("/v1/shelves/{shelf}/search", PathItem.HttpMethod.GET).getParameters())
			.filteredOn((parameter) -> parameter.getName().equals("shelf"))
			.singleElement()
			.satisfies((parameter) -> assertThat(parameter.getIn()).isEqualTo("path"));
	}

	@Test
	void queryParameterNamesFollowUseProtoNames() {
		Operation operation = customised(LIBRARY, true).getPaths().get("/v1/search").getGet();
		assertThat(operation.getParameters()).extracting(Parameter::getName)
			.contains("page_size", "filter.range.from", "include_drafts")
			.doesNotContain("pageSize");
	}

	@Test
	void bodyStarIsTheRequestAndLeavesNoQueryParameters() {
		Operation operation = operation("/v1/books:update", PathItem.HttpMethod.POST);
		assertThat(operation.getRequestBody().getRequired()).isTrue();
		assertThat(bodySchema(operation).get$ref()).isEqualTo("#/components/schemas/grpckit.test.http.UpdateBookRequest");
		assertThat(operation.getParameters()).isNull();
	}

	@Test
	void bodyFieldIsThatFieldsSchema() {
		Operation update = operation("/v1/{book.name}", PathItem.HttpMethod.PATCH);
		assertThat(bodySchema(update).get$ref()).endsWith("/grpckit.test.http.Book");
		assertThat(update.getParameters()).extracting(Parameter::getName).containsExactly("book.name", "updateMask");
		assertThat(bodySchema(operation("/v1/notes/{id}", PathItem.HttpMethod.POST)).getType()).isEqualTo("string");
		Schema<?> tags = bodySchema(operation("/v1/notes/{id}/tags", PathItem.HttpMethod.POST));
		assertThat(tags.getType()).isEqualTo("array");
		assertThat(tags.getItems().getType()).isEqualTo("string");
	}

	@Test
	void responseIsTheMessageOrTheResponseBodyField() {
		assertThat(responseSchema(operation("/v1/files", PathItem.HttpMethod.GET), "application/json").get$ref())
			.isEqualTo("#/components/schemas/grpckit.test.http.Book");
		assertThat(responseSchema(operation("/v1/{name}/author", PathItem.HttpMethod.GET), "application/json")
			.get$ref()).endsWith("/grpckit.test.http.Author");
		assertThat(responseSchema(operation("/v1/{name}/tags", PathItem.HttpMethod.GET), "application/json").getType())
			.isEqualTo("array");
		assertThat(responseSchema(operation("/v1/{name}/title", PathItem.HttpMethod.GET), "application/json").getType())
			.isEqualTo("string");
	}

	@Test
	void serverStreamingAnswersNdjsonOrServerSentEvents() {
		Operation watch = operation("/v1/{name}:watch", PathItem.HttpMethod.GET);
		assertThat(watch.getResponses().get("200").getContent()).containsOnlyKeys("application/x-ndjson",
				"text/event-stream");
		assertThat(responseSchema(watch, "application/x-ndjson").get$ref()).endsWith("/grpckit.test.http.Book");
		assertThat(watch.getResponses().get("200").getDescription()).contains("one JSON message per line");
	}

	@Test
	void errorsAreTheStatusJson() {
		Operation operation = operation("/v1/files", PathItem.HttpMethod.GET);
		assertThat(operation.getResponses().get("default").getContent().get("application/json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/google.rpc.Status");
		Schema<?> status = this.openApi.getComponents().getSchemas().get("google.rpc.Status");
		assertThat(status.getProperties()).containsOnlyKeys("code", "message", "details");
		assertThat(status.getProperties().get("details").getItems().getProperties()).containsKey("@type");
	}

	@Test
	void rulesOpenApiCannotExpressAreLeftOut() {
		// client streaming answers 501; PURGE is no OpenAPI method
		assertThat(this.openApi.getPaths()).doesNotContainKeys("/v1/uploads", "/v1/cache/{name}");
		assertThat(this.openApi.getPaths().get("/v1/{name}:cancel").getPost().getOperationId())
			.isEqualTo("Library_CancelOperation");
	}

	@Test
	void theApplicationsOwnOperationsWin() {
		OpenAPI openApi = new OpenAPI()
			.paths(new Paths().addPathItem("/v1/files",
					new PathItem().get(new Operation().operationId("Library_GetFile").summary("a controller"))))
			.components(new Components().addSchemas("grpckit.test.http.Book", new Schema<>().description("mine")));
		new GrpcHttpOpenApiCustomizer(LIBRARY, false, false).customise(openApi);
		assertThat(openApi.getPaths().get("/v1/files").getGet().getSummary()).isEqualTo("a controller");
		// and their names are taken
		assertThat(openApi.getPaths().get("/v1/files/{name}").getGet().getOperationId()).isEqualTo("Library_GetFile2");
		assertThat(openApi.getComponents().getSchemas().get("grpckit.test.http.Book").getDescription())
			.isEqualTo("mine");
	}

	@Test
	void noRoutesLeaveTheDocumentAsItWas() {
		OpenAPI openApi = new OpenAPI();
		new GrpcHttpOpenApiCustomizer(List.of(), false, false).customise(openApi);
		assertThat(openApi).isEqualTo(new OpenAPI());
	}

	@Test
	void commentsBecomeSummaryDescriptionAndTagDescription() {
		FileDescriptor trees = TestDescriptors.trees();
		GrpcHttpRoute route = new GrpcHttpRoute("GET", "/v1/nodes", List.of(),
				trees.findServiceByName("Trees").findMethodByName("GetNode"), "", "", false);
		OpenAPI openApi = customised(List.of(route), false);
		Operation operation = openApi.getPaths().get("/v1/nodes").getGet();
		assertThat(operation.getSummary()).isEqualTo("Gets a node.");
		assertThat(operation.getDescription())
			.isEqualTo("Gets a node.\nAny node, by name.\n\nCalls the gRPC method `grpckit.test.openapi.Trees/GetNode`.");
		assertThat(openApi.getTags()).singleElement()
			.satisfies((tag) -> assertThat(tag.getDescription()).isEqualTo("Walks trees."));
		// a message that refers to itself: its fields once, not its parent's fields
		assertThat(operation.getParameters()).extracting(Parameter::getName).containsExactly("node.name", "node.kind");
		assertThat(parameter(operation, "node.name").getDescription()).isEqualTo("The node's name.");
	}

	private static OpenAPI customised(List<GrpcHttpRoute> routes, boolean useProtoNames) {
		OpenAPI openApi = new OpenAPI();
		new GrpcHttpOpenApiCustomizer(routes, useProtoNames, false).customise(openApi);
		return openApi;
	}

	private Operation operation(String path, PathItem.HttpMethod method) {
		assertThat(this.openApi.getPaths()).containsKey(path);
		Map<PathItem.HttpMethod, Operation> operations = this.openApi.getPaths().get(path).readOperationsMap();
		assertThat(operations).containsKey(method);
		return operations.get(method);
	}

	private static Parameter parameter(Operation operation, String name) {
		return operation.getParameters()
			.stream()
			.filter((parameter) -> parameter.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no parameter " + name + " in " + operation.getOperationId()));
	}

	private static Schema<?> bodySchema(Operation operation) {
		return operation.getRequestBody().getContent().get("application/json").getSchema();
	}

	private static Schema<?> responseSchema(Operation operation, String mediaType) {
		return operation.getResponses().get("200").getContent().get(mediaType).getSchema();
	}

}
