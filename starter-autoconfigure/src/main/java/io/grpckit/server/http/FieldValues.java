package io.grpckit.server.http;

import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;

/**
 * Field values from the text of a path variable or a query parameter, and setting them along a
 * field path. Scalars parse as grpc-gateway parses them; enums by name or number; bytes as base64
 * (standard or URL-safe, padding optional); Timestamp, Duration, FieldMask and the wrapper types from
 * their JSON string form.
 */
final class FieldValues {

	private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

	private static final Set<String> WRAPPERS = Set.of("google.protobuf.DoubleValue", "google.protobuf.FloatValue",
			"google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
			"google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
			"google.protobuf.BytesValue");

	private static final int SHOWN_LENGTH = 64;

	private FieldValues() {
	}

	/** Whether a message type has a JSON string form that a path variable or query value can carry. */
	static boolean hasTextForm(Descriptor type) {
		String name = type.getFullName();
		return WRAPPERS.contains(name) || name.equals("google.protobuf.Timestamp")
				|| name.equals("google.protobuf.Duration") || name.equals("google.protobuf.FieldMask");
	}

	/**
	 * Sets the field at the end of {@code path} (each earlier field a singular message) from texts:
	 * one for a singular field, each added for a repeated one.
	 * @param source who gave the values, for the message: {@code query parameter "count"}
	 */
	static void set(Message.Builder builder, List<FieldDescriptor> path, List<String> texts, String source) {
		update(builder, path, source, (parent, field) -> {
			for (String text : texts) {
				Object value;
				try {
					value = parse(parent, field, text);
				}
				catch (IllegalArgumentException ex) {
					throw new HttpBindingException(source + ": " + ex.getMessage());
				}
				if (field.isRepeated()) {
					parent.addRepeatedField(field, value);
				}
				else {
					parent.setField(field, value);
				}
			}
		});
	}

	/**
	 * Runs {@code change} on the builder of the message that holds the last field of {@code path},
	 * with that field, and puts the changed messages back along the path.
	 */
	static void update(Message.Builder builder, List<FieldDescriptor> path, String source,
			BiConsumer<Message.Builder, FieldDescriptor> change) {
		FieldDescriptor field = path.get(0);
		checkOneof(builder, field, source);
		if (path.size() == 1) {
			change.accept(builder, field);
			return;
		}
		// a copy of the present value, changed and put back: works for generated and dynamic builders
		Message.Builder child = builder.newBuilderForField(field);
		if (builder.hasField(field)) {
			child.mergeFrom((Message) builder.getField(field));
		}
		update(child, path.subList(1, path.size()), source, change);
		builder.setField(field, child.build());
	}

	/** As grpc-gateway: two members of one oneof in one request is an error, not "last wins". */
	private static void checkOneof(Message.Builder builder, FieldDescriptor field, String source) {
		OneofDescriptor oneof = field.getRealContainingOneof();
		if (oneof != null && builder.hasOneof(oneof) && !builder.getOneofFieldDescriptor(oneof).equals(field)) {
			throw new HttpBindingException(source + ": field \"" + builder.getOneofFieldDescriptor(oneof).getName()
					+ "\" of the same oneof \"" + oneof.getName() + "\" is already set");
		}
	}

	/**
	 * The value of one element of {@code field} (in {@code builder}'s message) parsed from text.
	 * @throws IllegalArgumentException when the text is not a value of the field's type; its message
	 * quotes the text and names the type
	 */
	static Object parse(Message.Builder builder, FieldDescriptor field, String text) {
		try {
			return switch (field.getJavaType()) {
				case STRING -> text;
				case INT -> isUnsigned(field) ? Integer.parseUnsignedInt(text) : Integer.parseInt(text);
				case LONG -> isUnsigned(field) ? Long.parseUnsignedLong(text) : Long.parseLong(text);
				case FLOAT -> parseFloat(text);
				case DOUBLE -> parseDouble(text);
				case BOOLEAN -> parseBoolean(text);
				case BYTE_STRING -> parseBytes(text);
				case ENUM -> parseEnum(field, text);
				case MESSAGE -> parseMessage(builder, field, text);
			};
		}
		catch (IllegalArgumentException | ParseException ex) {
			throw new IllegalArgumentException(quote(text) + " is not " + typeName(field));
		}
	}

	private static boolean isUnsigned(FieldDescriptor field) {
		return switch (field.getType()) {
			case UINT32, FIXED32, UINT64, FIXED64 -> true;
			default -> false;
		};
	}

	private static float parseFloat(String text) {
		double value = parseDouble(text);
		float narrowed = (float) value;
		if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
			throw new IllegalArgumentException("out of range");
		}
		return narrowed;
	}

	private static double parseDouble(String text) {
		// Double.parseDouble alone would also take "1f", "0x1p3" and surrounding blanks
		if (!DECIMAL.matcher(text).matches() && !text.equals("NaN") && !text.equals("Infinity")
				&& !text.equals("-Infinity")) {
			throw new IllegalArgumentException("not a number");
		}
		return Double.parseDouble(text);
	}

	private static boolean parseBoolean(String text) {
		// Go's strconv.ParseBool, which grpc-gateway uses
		return switch (text) {
			case "true", "True", "TRUE", "t", "T", "1" -> true;
			case "false", "False", "FALSE", "f", "F", "0" -> false;
			default -> throw new IllegalArgumentException("not a bool");
		};
	}

	private static ByteString parseBytes(String text) {
		// A query decodes '+' to a space, and a space is never base64: it was a '+' of standard base64.
		String base64 = text.replace(' ', '+');
		boolean urlSafe = base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0;
		return ByteString.copyFrom((urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(base64));
	}

	private static EnumValueDescriptor parseEnum(FieldDescriptor field, String text) {
		EnumValueDescriptor value = field.getEnumType().findValueByName(text);
		if (value == null && !text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-')) {
			value = field.getEnumType().findValueByNumber(Integer.parseInt(text));
		}
		if (value == null) {
			throw new IllegalArgumentException("unknown enum value");
		}
		return value;
	}

	private static Message parseMessage(Message.Builder builder, FieldDescriptor field, String text)
			throws ParseException {
		Descriptor type = field.getMessageType();
		Message.Builder value = builder.newBuilderForField(field);
		switch (type.getFullName()) {
			case "google.protobuf.Timestamp" -> value.mergeFrom(Timestamps.parse(text));
			case "google.protobuf.Duration" -> value.mergeFrom(Durations.parse(text));
			case "google.protobuf.FieldMask" -> value.mergeFrom(FieldMaskUtil.fromJsonString(text));
			default -> {
				if (!WRAPPERS.contains(type.getFullName())) {
					throw new IllegalArgumentException("a message has no text form");
				}
				FieldDescriptor inner = type.findFieldByName("value");
				value.setField(inner, parse(value, inner, text));
			}
		}
		return value.build();
	}

	/** The type a value must have, for messages: {@code an int32}, {@code a Timestamp (RFC 3339)}. */
	static String typeName(FieldDescriptor field) {
		return switch (field.getType()) {
			case STRING -> "a string";
			case BOOL -> "a bool (true or false)";
			case BYTES -> "base64";
			case ENUM -> "a value of enum " + field.getEnumType().getFullName();
			case MESSAGE, GROUP -> messageTypeName(field.getMessageType());
			default -> ((field.getType() == FieldDescriptor.Type.INT32
					|| field.getType() == FieldDescriptor.Type.INT64) ? "an " : "a ")
					+ field.getType().name().toLowerCase(java.util.Locale.ROOT);
		};
	}

	private static String messageTypeName(Descriptor type) {
		return switch (type.getFullName()) {
			case "google.protobuf.Timestamp" -> "a Timestamp (RFC 3339, like 2024-05-01T12:00:00Z)";
			case "google.protobuf.Duration" -> "a Duration (seconds with an s, like 1.5s)";
			case "google.protobuf.FieldMask" -> "a FieldMask (paths separated by commas)";
			default -> WRAPPERS.contains(type.getFullName()) ? typeName(type.findFieldByName("value"))
					: "a message " + type.getFullName();
		};
	}

	/** The text in quotes, cut short: the message echoes the caller's input, not all of it. */
	static String quote(String text) {
		String shown = (text.length() > SHOWN_LENGTH) ? text.substring(0, SHOWN_LENGTH) + "..." : text;
		return "\"" + shown + "\"";
	}

}
