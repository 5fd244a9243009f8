package io.grpckit.server.http.openapi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * JSON schemas of protobuf messages as proto3's JSON mapping (protobuf-java-util's
 * {@code JsonFormat}) writes and reads them: a message or enum becomes a component named by its
 * full name and is referred to by {@code $ref}; a well-known type is written out in its JSON form
 * (a {@code Timestamp} is an RFC 3339 string, a wrapper its value). 64-bit integers are strings,
 * bytes base64 strings, a oneof's fields plain optional properties. Each instance collects the
 * components one document needs.
 */
final class MessageSchemas {

	static final String COMPONENTS = "#/components/schemas/";

	private static final Set<String> SCALAR_FORMS = Set.of("google.protobuf.Timestamp", "google.protobuf.Duration",
			"google.protobuf.FieldMask", "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
			"google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
			"google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
			"google.protobuf.BytesValue");

	private final boolean useProtoNames;

	private final boolean enumsAsInts;

	private final ProtoComments comments;

	private final Map<String, Schema<?>> components = new TreeMap<>();

	MessageSchemas(boolean useProtoNames, boolean enumsAsInts, ProtoComments comments) {
		this.useProtoNames = useProtoNames;
		this.enumsAsInts = enumsAsInts;
		this.comments = comments;
	}

	/**
	 * Whether a message type has a scalar JSON form that a query parameter or path variable can
	 * carry: {@code Timestamp}, {@code Duration}, {@code FieldMask} and the wrappers.
	 */
	static boolean hasScalarForm(Descriptor type) {
		return SCALAR_FORMS.contains(type.getFullName());
	}

	/** The components referred to so far, by name. */
	Map<String, Schema<?>> components() {
		return this.components;
	}

	/** The field's name in JSON: its JSON name, or its proto name with {@code use-proto-names}. */
	String name(FieldDescriptor field) {
		return this.useProtoNames ? field.getName() : field.getJsonName();
	}

	/**
	 * The schema of a message as a value: the JSON form of a well-known type, or a reference to
	 * the message's component (added, with every type it refers to, on first use).
	 */
	Schema<?> message(Descriptor type) {
		Schema<?> wellKnown = wellKnown(type);
		if (wellKnown != null) {
			return wellKnown;
		}
		String name = type.getFullName();
		if (!this.components.containsKey(name)) {
			Schema<?> schema = typed("object", null).description(this.comments.of(type));
			// registered before its fields are: a message may refer to itself
			this.components.put(name, schema);
			for (FieldDescriptor field : type.getFields()) {
				schema.addProperty(name(field), field(field));
			}
		}
		return ref(name);
	}

	/** The schema of a field: an array for a repeated field, an object for a map, its comment. */
	Schema<?> field(FieldDescriptor field) {
		Schema<?> schema;
		if (field.isMapField()) {
			// JSON object keys are strings whatever the key type
			schema = typed("object", null).additionalProperties(singular(field.getMessageType().findFieldByNumber(2)));
		}
		else if (field.isRepeated()) {
			schema = typed("array", null).items(singular(field));
		}
		else {
			schema = singular(field);
		}
		String description = this.comments.of(field);
		OneofDescriptor oneof = field.getRealContainingOneof();
		if (oneof != null) {
			String members = oneof.getFields().stream().map(this::name).collect(Collectors.joining(", "));
			description = join(description, "At most one of " + members + " is set (oneof " + oneof.getName() + ").");
		}
		return schema.description(description);
	}

	/** The schema of one value of a field (an element of a repeated field). */
	Schema<?> singular(FieldDescriptor field) {
		return switch (field.getType()) {
			case DOUBLE -> typed("number", "double");
			case FLOAT -> typed("number", "float");
			case INT32, SINT32, SFIXED32 -> typed("integer", "int32");
			// proto3 JSON writes unsigned 32-bit values as numbers, which may exceed int32
			case UINT32, FIXED32 -> typed("integer", "int64");
			// and 64-bit values as strings, as JavaScript numbers cannot hold them
			case INT64, SINT64, SFIXED64 -> typed("string", "int64");
			case UINT64, FIXED64 -> typed("string", "uint64");
			case BOOL -> typed("boolean", null);
			case STRING -> typed("string", null);
			case BYTES -> typed("string", "byte");
			case ENUM -> enumeration(field.getEnumType());
			case MESSAGE, GROUP -> message(field.getMessageType());
		};
	}

	private Schema<?> enumeration(EnumDescriptor type) {
		if (type.getFullName().equals("google.protobuf.NullValue")) {
			return new Schema<>().description("JSON null");
		}
		String name = type.getFullName();
		if (!this.components.containsKey(name)) {
			Schema<Object> schema = this.enumsAsInts ? typed("integer", "int32") : typed("string", null);
			List<Object> values = new ArrayList<>();
			for (EnumValueDescriptor value : type.getValues()) {
				Object item = this.enumsAsInts ? (Object) value.getNumber() : value.getName();
				if (!values.contains(item)) {
					values.add(item);
				}
			}
			schema.setEnum(values);
			this.components.put(name, schema.description(this.comments.of(type)));
		}
		return ref(name);
	}

	private static @Nullable Schema<?> wellKnown(Descriptor type) {
		return switch (type.getFullName()) {
			case "google.protobuf.Timestamp" -> typed("string", "date-time");
			// seconds with up to nine fractional digits and an "s": 1.5s
			case "google.protobuf.Duration" -> typed("string", null).pattern("^-?[0-9]+(\\.[0-9]{1,9})?s$");
			// field paths in lowerCamelCase, comma-separated
			case "google.protobuf.FieldMask" -> typed("string", null);
			case "google.protobuf.Struct" -> typed("object", null).additionalProperties(true);
			case "google.protobuf.Value" -> new Schema<>();
			case "google.protobuf.ListValue" -> typed("array", null).items(new Schema<>());
			case "google.protobuf.Empty" -> typed("object", null);
			case "google.protobuf.Any" -> typed("object", null).addProperty("@type", typed("string", null))
				.additionalProperties(true);
			case "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
					"google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
					"google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue" ->
				// a wrapper is written as the value it wraps
				scalarOf(type.findFieldByNumber(1));
			default -> null;
		};
	}

	private static Schema<?> scalarOf(FieldDescriptor value) {
		return new MessageSchemas(false, false, new ProtoComments()).singular(value);
	}

	private static Schema<?> ref(String name) {
		return new Schema<>().$ref(COMPONENTS + name);
	}

	/**
	 * A schema of one JSON type: {@code type} for OpenAPI 3.0 documents and {@code types} for 3.1
	 * ones (swagger-core writes one or the other, by the document's version).
	 */
	static Schema<Object> typed(String type, @Nullable String format) {
		Schema<Object> schema = new Schema<>();
		schema.setType(type);
		schema.setTypes(new LinkedHashSet<>(List.of(type)));
		schema.setFormat(format);
		return schema;
	}

	private static @Nullable String join(@Nullable String first, String second) {
		return (first != null) ? first + "\n\n" + second : second;
	}

}
