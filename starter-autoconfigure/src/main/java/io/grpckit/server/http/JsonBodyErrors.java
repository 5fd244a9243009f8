package io.grpckit.server.http;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import org.jspecify.annotations.Nullable;

/**
 * Says which field of a JSON body did not fit its message. JsonFormat's own messages often name
 * only the value ({@code Not an int32 value: "x"}), so after it failed, the members are parsed one
 * at a time, down into nested objects, until the one that fails is found. Runs only for bad
 * requests, so its cost does not matter.
 */
final class JsonBodyErrors {

	/** A Java class name before a colon: the caller does not need to read our exception types. */
	private static final Pattern CLASS_NAME = Pattern.compile("(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");

	private static final int MAX_LENGTH = 200;

	private JsonBodyErrors() {
	}

	/**
	 * What is wrong with a body that is valid JSON but that the parser refused.
	 * @param builder a builder of the body's message type
	 */
	static String describe(String json, Message.Builder builder, JsonFormat.Parser parser, boolean ignoreUnknownFields,
			InvalidProtocolBufferException failure) {
		JsonElement element = JsonParser.parseString(json);
		String found = describe(element, builder, parser, ignoreUnknownFields, "");
		return (found != null) ? found : clean(failure.getMessage());
	}

	private static @Nullable String describe(JsonElement element, Message.Builder builder, JsonFormat.Parser parser,
			boolean ignoreUnknownFields, String path) {
		Descriptor type = builder.getDescriptorForType();
		if (!element.isJsonObject()) {
			return (path.isEmpty() ? "" : "field \"" + path + "\": ") + "expected a JSON object (" + type.getFullName()
					+ ")";
		}
		for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
			String memberPath = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
			FieldDescriptor field = field(type, member.getKey());
			if (field == null) {
				if (ignoreUnknownFields) {
					continue;
				}
				return "unknown field \"" + memberPath + "\"";
			}
			JsonObject alone = new JsonObject();
			alone.add(member.getKey(), member.getValue());
			try {
				parser.merge(alone.toString(), builder.getDefaultInstanceForType().newBuilderForType());
			}
			catch (InvalidProtocolBufferException ex) {
				String nested = nested(field, member.getValue(), builder, parser, ignoreUnknownFields, memberPath);
				return (nested != null) ? nested : "field \"" + memberPath + "\": " + clean(ex.getMessage());
			}
		}
		return null;
	}

	/** Looks into a member that failed when it is an object (or objects) of a plain message type. */
	private static @Nullable String nested(FieldDescriptor field, JsonElement value, Message.Builder builder,
			JsonFormat.Parser parser, boolean ignoreUnknownFields, String path) {
		// well-known types (Any, Struct, Timestamp...) have JSON forms of their own: report them whole
		if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isMapField()
				|| field.getMessageType().getFullName().startsWith("google.protobuf.")) {
			return null;
		}
		Message.Builder child = builder.newBuilderForField(field);
		if (!field.isRepeated()) {
			return value.isJsonObject() ? describe(value, child, parser, ignoreUnknownFields, path) : null;
		}
		if (!value.isJsonArray()) {
			return null;
		}
		JsonArray elements = value.getAsJsonArray();
		for (int i = 0; i < elements.size(); i++) {
			if (elements.get(i).isJsonObject()) {
				String found = describe(elements.get(i), child, parser, ignoreUnknownFields, path + "[" + i + "]");
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/** The field a JSON member names: JsonFormat takes the JSON name and the proto name. */
	private static @Nullable FieldDescriptor field(Descriptor type, String name) {
		FieldDescriptor field = type.findFieldByName(name);
		if (field != null) {
			return field;
		}
		for (FieldDescriptor candidate : type.getFields()) {
			if (candidate.getJsonName().equals(name)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * A library's message made fit for the caller: no Java class names, no hints meant for
	 * programmers, starting in lower case.
	 */
	static String clean(@Nullable String message) {
		if (message == null || message.isBlank()) {
			return "malformed";
		}
		String cleaned = CLASS_NAME.matcher(message).replaceAll("");
		int hint = cleaned.indexOf("\nSee ");
		cleaned = (hint >= 0) ? cleaned.substring(0, hint) : cleaned;
		// Gson's advice to its programmer, for what is a syntax error to the caller
		cleaned = cleaned.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "syntax error");
		if (cleaned.isEmpty()) {
			return "malformed";
		}
		// the library quotes the value it refused, which can be a whole object: keep the answer short
		cleaned = (cleaned.length() > MAX_LENGTH) ? cleaned.substring(0, MAX_LENGTH) + "..." : cleaned;
		return cleaned.substring(0, 1).toLowerCase(Locale.ROOT) + cleaned.substring(1);
	}

}
