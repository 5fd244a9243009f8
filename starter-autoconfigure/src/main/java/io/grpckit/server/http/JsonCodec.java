package io.grpckit.server.http;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorDetailsProto;
import org.jspecify.annotations.Nullable;

/**
 * Protobuf messages to and from JSON with protobuf-java-util's {@link JsonFormat}, under
 * grpc-gateway's options (emit unpopulated fields, proto field names, ignore unknown fields, enums as
 * numbers). Its type registry knows the messages of the files it was given and the standard error
 * details ({@code google.rpc.ErrorInfo} and friends), so {@code Any} fields print. Output is compact:
 * one line per message, as newline-delimited JSON needs. Thread-safe; build one and share it.
 * <p>
 * Request bodies are held to RFC 8259 first (JsonFormat alone would take unquoted names, single
 * quotes and trailing text); a body that does not fit the message fails with a message that names the
 * field ({@code request body: field "book.id": not an int64 value: "x"}).
 */
final class JsonCodec {

	private final boolean emitUnpopulated;

	private final boolean useProtoNames;

	private final boolean ignoreUnknownFields;

	private final boolean enumsAsInts;

	private final List<FileDescriptor> files;

	private final JsonFormat.TypeRegistry typeRegistry;

	private final JsonFormat.Printer printer;

	/** Prints fields without presence even when default: a scalar {@code response_body} is never absent. */
	private final JsonFormat.Printer printerWithDefaults;

	private final JsonFormat.Parser parser;

	/** A codec whose registry knows only the standard error details; see {@link #withTypes}. */
	JsonCodec(boolean emitUnpopulated, boolean useProtoNames, boolean ignoreUnknownFields, boolean enumsAsInts) {
		this(emitUnpopulated, useProtoNames, ignoreUnknownFields, enumsAsInts, List.of());
	}

	/** A codec whose registry knows the messages of these files, their imports and the error details. */
	JsonCodec(boolean emitUnpopulated, boolean useProtoNames, boolean ignoreUnknownFields, boolean enumsAsInts,
			Iterable<FileDescriptor> files) {
		this.emitUnpopulated = emitUnpopulated;
		this.useProtoNames = useProtoNames;
		this.ignoreUnknownFields = ignoreUnknownFields;
		this.enumsAsInts = enumsAsInts;
		Set<FileDescriptor> known = new LinkedHashSet<>();
		files.forEach(known::add);
		known.add(ErrorDetailsProto.getDescriptor());
		this.files = List.copyOf(known);
		JsonFormat.TypeRegistry.Builder registry = JsonFormat.TypeRegistry.newBuilder();
		Set<FileDescriptor> imported = new LinkedHashSet<>();
		this.files.forEach((file) -> addWithImports(file, imported));
		// a file of services alone has no messages, but the files it imports do
		imported.forEach((file) -> registry.add(file.getMessageTypes()));
		this.typeRegistry = registry.build();
		JsonFormat.Printer printer = JsonFormat.printer()
			.usingTypeRegistry(this.typeRegistry)
			.omittingInsignificantWhitespace();
		printer = useProtoNames ? printer.preservingProtoFieldNames() : printer;
		printer = enumsAsInts ? printer.printingEnumsAsInts() : printer;
		this.printerWithDefaults = printer.alwaysPrintFieldsWithNoPresence();
		this.printer = emitUnpopulated ? this.printerWithDefaults : printer;
		JsonFormat.Parser parser = JsonFormat.parser().usingTypeRegistry(this.typeRegistry);
		this.parser = ignoreUnknownFields ? parser.ignoringUnknownFields() : parser;
	}

	private static void addWithImports(FileDescriptor file, Set<FileDescriptor> files) {
		if (files.add(file)) {
			file.getDependencies().forEach((dependency) -> addWithImports(dependency, files));
		}
	}

	/** This codec's options with a registry that also knows the messages of these files. */
	JsonCodec withTypes(Iterable<FileDescriptor> files) {
		List<FileDescriptor> all = new ArrayList<>(this.files);
		files.forEach(all::add);
		return new JsonCodec(this.emitUnpopulated, this.useProtoNames, this.ignoreUnknownFields, this.enumsAsInts,
				all);
	}

	JsonFormat.TypeRegistry typeRegistry() {
		return this.typeRegistry;
	}

	boolean ignoresUnknownFields() {
		return this.ignoreUnknownFields;
	}

	/**
	 * A message as one line of JSON.
	 * @throws IllegalStateException when it cannot be printed (an {@code Any} of a type the registry
	 * does not know): the server's fault, an INTERNAL error
	 */
	String print(MessageOrBuilder message) {
		return print(this.printer, message);
	}

	private static String print(JsonFormat.Printer printer, MessageOrBuilder message) {
		try {
			return printer.print(message);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(
					"Cannot print " + message.getDescriptorForType().getFullName() + " as JSON: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The JSON of one field's value ({@code response_body}): a message field prints as that message,
	 * a repeated field as an array, a map as an object, a scalar as a JSON scalar (its default value
	 * when unset, never nothing).
	 */
	String printField(Message message, FieldDescriptor field) {
		if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()) {
			return print((Message) message.getField(field));
		}
		// JsonFormat prints only whole messages: print one that holds just this field and take its value
		Message holder = message.newBuilderForType().setField(field, message.getField(field)).build();
		boolean elements = field.isRepeated() && message.getRepeatedFieldCount(field) > 0;
		JsonElement value = JsonParser.parseString(print(elements ? this.printer : this.printerWithDefaults, holder))
			.getAsJsonObject()
			.get(this.useProtoNames ? field.getName() : field.getJsonName());
		return (value != null) ? value.toString() : "null";
	}

	/**
	 * Merges a request body (UTF-8 JSON of the whole message) into a builder; an empty body merges
	 * nothing, as in grpc-gateway.
	 * @throws HttpBindingException when the body is not JSON or does not fit the message
	 */
	void merge(byte[] body, Message.Builder builder) {
		String json = checkedJson(body);
		if (json != null) {
			merge(json, builder, "");
		}
	}

	/**
	 * Merges a request body (UTF-8 JSON of one field's value: a message, an array, a scalar) into that
	 * field of a builder; an empty body merges nothing.
	 * @throws HttpBindingException when the body is not JSON or does not fit the field
	 */
	void mergeField(byte[] body, Message.Builder builder, FieldDescriptor field) {
		String json = checkedJson(body);
		if (json != null) {
			// the body was checked to be exactly one JSON value, so it cannot add members beside the field
			merge("{\"" + field.getName() + "\":" + json + "}", builder, field.getName());
		}
	}

	private void merge(String json, Message.Builder builder, String fieldName) {
		// parsed apart first, so that a body that fails leaves the builder as it was
		Message.Builder target = builder.getDefaultInstanceForType().newBuilderForType();
		try {
			this.parser.merge(json, target);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new HttpBindingException(
					"request body: " + JsonBodyErrors.describe(json, builder, this.parser, this.ignoreUnknownFields, ex));
		}
		builder.mergeFrom(target.buildPartial());
	}

	/** The body as text once it is one valid JSON value, or {@code null} when it is empty. */
	private static @Nullable String checkedJson(byte[] body) {
		String json;
		try {
			json = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new HttpBindingException("request body is not UTF-8");
		}
		if (json.isBlank()) {
			return null;
		}
		try {
			JsonReader reader = new JsonReader(new StringReader(json));
			reader.setStrictness(Strictness.STRICT);
			reader.skipValue();
			if (reader.peek() != JsonToken.END_DOCUMENT) {
				throw new HttpBindingException("request body is not valid JSON: more than one value");
			}
		}
		catch (IOException | IllegalStateException ex) {
			throw new HttpBindingException("request body is not valid JSON: " + JsonBodyErrors.clean(ex.getMessage()));
		}
		return json;
	}

}
