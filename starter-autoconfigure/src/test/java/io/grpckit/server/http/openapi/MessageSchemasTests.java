package io.grpckit.server.http.openapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Descriptors.Descriptor;
import io.grpckit.test.http.proto.Book;
import io.grpckit.test.http.proto.SearchRequest;
import io.grpckit.test.proto.EchoRequest;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas of the test protos' messages, as proto3's JSON mapping writes them.
 */
class MessageSchemasTests {

	private static final String HTTP = "grpckit.test.http.";

	private final MessageSchemas schemas = new MessageSchemas(false, false, new ProtoComments());

	@Test
	void messageIsAReferenceToItsComponent() {
		Schema<?> schema = this.schemas.message(SearchRequest.getDescriptor());
		assertThat(schema.get$ref()).isEqualTo("#/components/schemas/grpckit.test.http.SearchRequest");
		assertThat(this.schemas.components()).containsKeys(HTTP + "SearchRequest", HTTP + "Filter", HTTP + "Range",
				HTTP + "Genre");
		assertThat(component("SearchRequest").getType()).isEqualTo("object");
	}

	@Test
	void scalarsAsProto3Json() {
		Map<String, Schema> fields = properties(SearchRequest.getDescriptor());
		assertType(fields.get("shelf"), "string", null);
		assertType(fields.get("pageSize"), "integer", "int32");
		assertType(fields.get("s32"), "integer", "int32");
		// unsigned 32-bit numbers exceed int32; 64-bit integers are strings in proto3 JSON
		assertType(fields.get("u32"), "integer", "int64");
		assertType(fields.get("offset"), "string", "int64");
		assertType(fields.get("u64"), "string", "uint64");
		assertType(fields.get("f64"), "string", "uint64");
		assertType(fields.get("includeDrafts"), "boolean", null);
		assertType(fields.get("minRating"), "number", "double");
		assertType(fields.get("weight"), "number", "float");
		assertType(fields.get("cursor"), "string", "byte");
	}

	@Test
	void enumsAreStringsOfTheirNames() {
		Map<String, Schema> fields = properties(SearchRequest.getDescriptor());
		assertThat(fields.get("genre").get$ref()).isEqualTo("#/components/schemas/grpckit.test.http.Genre");
		Schema<?> genre = component("Genre");
		assertType(genre, "string", null);
		assertThat(List.<Object>copyOf(genre.getEnum())).containsExactly("GENRE_UNSPECIFIED", "FICTION", "SCIENCE");
	}

	@Test
	void enumsAsIntsAreIntegersOfTheirNumbers() {
		MessageSchemas ints = new MessageSchemas(false, true, new ProtoComments());
		ints.message(SearchRequest.getDescriptor());
		Schema<?> genre = ints.components().get(HTTP + "Genre");
		assertType(genre, "integer", "int32");
		assertThat(List.<Object>copyOf(genre.getEnum())).containsExactly(0, 1, 2);
	}

	@Test
	void repeatedFieldsAreArrays() {
		Map<String, Schema> fields = properties(SearchRequest.getDescriptor());
		assertType(fields.get("tags"), "array", null);
		assertType(fields.get("tags").getItems(), "string", null);
		assertThat(fields.get("genres").getItems().get$ref()).endsWith("/grpckit.test.http.Genre");
		assertType(fields.get("years").getItems(), "integer", "int32");
		assertThat(fields.get("filters").getItems().get$ref()).endsWith("/grpckit.test.http.Filter");
		assertType(fields.get("dates").getItems(), "string", "date-time");
	}

	@Test
	void mapsAreObjectsOfTheirValues() {
		Map<String, Schema> fields = properties(SearchRequest.getDescriptor());
		assertType(fields.get("labels"), "object", null);
		assertType((Schema<?>) fields.get("labels").getAdditionalProperties(), "string", null);
		assertThat(((Schema<?>) fields.get("genreByYear").getAdditionalProperties()).get$ref())
			.endsWith("/grpckit.test.http.Genre");
		assertThat(((Schema<?>) properties(Book.getDescriptor()).get("ratings").getAdditionalProperties()).getFormat())
			.isEqualTo("int32");
	}

	@Test
	void nestedMessagesAreReferences() {
		assertThat(properties(SearchRequest.getDescriptor()).get("filter").get$ref())
			.isEqualTo("#/components/schemas/grpckit.test.http.Filter");
		assertThat(component("Filter").getProperties().get("range").get$ref()).endsWith("/grpckit.test.http.Range");
		assertType(component("Range").getProperties().get("from"), "integer", "int32");
	}

	@Test
	void oneofFieldsArePlainPropertiesThatSayTheirGroup() {
		Map<String, Schema> fields = properties(SearchRequest.getDescriptor());
		assertType(fields.get("pageToken"), "string", null);
		assertType(fields.get("pageNumber"), "string", "int64");
		assertThat(fields.get("pageToken").getDescription())
			.isEqualTo("At most one of pageToken, pageNumber is set (oneof position).");
		// proto3 optional is a oneof of one, not a group to document
		assertThat(fields.get("limit").getDescription()).isNull();
		assertThat(component("SearchRequest").getRequired()).isNull();
	}

	@Test
	void wellKnownTypesInTheirJsonForm() {
		Map<String, Schema> fields = properties(SearchRequest.getDescriptor());
		assertType(fields.get("after"), "string", "date-time");
		assertType(fields.get("maxAge"), "string", null);
		assertThat(fields.get("maxAge").getPattern()).isEqualTo("^-?[0-9]+(\\.[0-9]{1,9})?s$");
		assertType(fields.get("readMask"), "string", null);
		// wrappers are the value they wrap
		assertType(fields.get("minPages"), "integer", "int32");
		assertType(fields.get("language"), "string", null);
		assertType(fields.get("signed"), "boolean", null);
		assertType(fields.get("maxId"), "string", "int64");
		Schema<?> any = properties(Book.getDescriptor()).get("extra");
		assertType(any, "object", null);
		assertType(any.getProperties().get("@type"), "string", null);
		assertThat(any.getAdditionalProperties()).isEqualTo(true);
		assertThat(this.schemas.components()).noneSatisfy((name, schema) -> assertThat(name).startsWith("google."));
	}

	@Test
	void structValueListValueAndEmpty() {
		Map<String, Schema> fields = properties(TestDescriptors.trees().findMessageTypeByName("Node"));
		assertType(fields.get("attributes"), "object", null);
		assertThat(fields.get("attributes").getAdditionalProperties()).isEqualTo(true);
		// any JSON value: no type at all
		assertThat(fields.get("value").getType()).isNull();
		assertThat(fields.get("value").get$ref()).isNull();
		assertType(fields.get("list"), "array", null);
		assertType(fields.get("nothing"), "object", null);
		assertThat(fields.get("nothing").getProperties()).isNull();
	}

	@Test
	void aMessageReferringToItselfIsOneComponent() {
		Descriptor node = TestDescriptors.trees().findMessageTypeByName("Node");
		this.schemas.message(node);
		Map<String, Schema> fields = this.schemas.components().get("grpckit.test.openapi.Node").getProperties();
		assertThat(fields.get("parent").get$ref()).isEqualTo("#/components/schemas/grpckit.test.openapi.Node");
		assertThat(fields.get("children").getItems().get$ref()).isEqualTo(fields.get("parent").get$ref());
		assertThat(this.schemas.components()).containsOnlyKeys("grpckit.test.openapi.Node",
				"grpckit.test.openapi.Node.Kind");
	}

	@Test
	void fieldNamesAreJsonNamesOrProtoNames() {
		assertThat(properties(EchoRequest.getDescriptor())).containsOnlyKeys("text", "count", "delayMs", "payload");
		MessageSchemas protoNames = new MessageSchemas(true, false, new ProtoComments());
		protoNames.message(EchoRequest.getDescriptor());
		assertThat(protoNames.components().get("grpckit.test.EchoRequest").getProperties()).containsOnlyKeys("text",
				"count", "delay_ms", "payload");
	}

	@Test
	void commentsBecomeDescriptionsWhereTheDescriptorsCarryThem() {
		Descriptor node = TestDescriptors.trees().findMessageTypeByName("Node");
		this.schemas.message(node);
		Schema<?> schema = this.schemas.components().get("grpckit.test.openapi.Node");
		assertThat(schema.getDescription()).isEqualTo("A node of a tree.");
		assertThat(schema.getProperties().get("name").getDescription()).isEqualTo("The node's name.");
		assertThat(schema.getProperties().get("parent").getDescription()).isNull();
		assertThat(this.schemas.components().get("grpckit.test.openapi.Node.Kind").getDescription())
			.isEqualTo("What a node is.");
	}

	@Test
	void generatedDescriptorsCarryNoComments() {
		// protoc's Java code embeds its descriptors without SourceCodeInfo: nothing to describe with
		assertThat(EchoRequest.getDescriptor().getFile().toProto().hasSourceCodeInfo()).isFalse();
		this.schemas.message(EchoRequest.getDescriptor());
		assertThat(this.schemas.components().get("grpckit.test.EchoRequest").getDescription()).isNull();
	}

	@Test
	void typesAreWrittenForOpenApi30And31() throws Exception {
		Schema<?> schema = this.schemas.singular(SearchRequest.getDescriptor().findFieldByName("offset"));
		assertThat(Json.mapper().writeValueAsString(schema)).contains("\"type\":\"string\"", "\"format\":\"int64\"");
		assertThat(Json31.mapper().writeValueAsString(schema)).contains("\"type\":\"string\"",
				"\"format\":\"int64\"");
	}

	private Map<String, Schema> properties(Descriptor type) {
		this.schemas.message(type);
		return this.schemas.components().get(type.getFullName()).getProperties();
	}

	private Schema<?> component(String simpleName) {
		return this.schemas.components().get(HTTP + simpleName);
	}

	private static void assertType(Schema<?> schema, String type, String format) {
		assertThat(schema.getType()).as("type").isEqualTo(type);
		assertThat(schema.getTypes()).as("types (OpenAPI 3.1)").isEqualTo(Set.of(type));
		assertThat(schema.getFormat()).as("format").isEqualTo(format);
	}

}
