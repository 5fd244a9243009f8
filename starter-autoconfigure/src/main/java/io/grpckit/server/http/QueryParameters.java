package io.grpckit.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * Query parameters into the request fields that neither the path nor the body bound, as
 * grpc-gateway does: {@code a.b.c=v} for nested fields (proto or JSON names), a repeated field by
 * repeating the key, a map entry as {@code labels[key]=v}. A parameter that names no field is
 * ignored; one that names a message (other than a well-known type with a text form) is an error.
 */
final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * Sets the fields the query names.
	 * @param rawQuery the query as sent, without {@code ?}
	 * @param bound field paths (proto names) set by the path or the body: their parameters are skipped
	 * @throws HttpBindingException when a parameter does not fit its field
	 */
	static void bind(Message.Builder builder, String rawQuery, Collection<String> bound) {
		for (Map.Entry<String, List<String>> parameter : parse(rawQuery).entrySet()) {
			bind(builder, parameter.getKey(), parameter.getValue(), bound);
		}
	}

	/** The decoded parameters in order of first appearance, values of a repeated key together. */
	static Map<String, List<String>> parse(String rawQuery) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
			parameters.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return parameters;
	}

	private static String decode(String raw) {
		try {
			// form encoding, as Go's url.ParseQuery reads a query: '+' is a space
			return URLDecoder.decode(raw, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new HttpBindingException("query string: malformed percent-encoding in " + FieldValues.quote(raw));
		}
	}

	private static void bind(Message.Builder builder, String name, List<String> values, Collection<String> bound) {
		String source = "query parameter " + FieldValues.quote(name);
		String fieldPath = name;
		String mapKey = null;
		int bracket = name.indexOf('[');
		if (bracket > 0 && name.endsWith("]")) {
			fieldPath = name.substring(0, bracket);
			mapKey = name.substring(bracket + 1, name.length() - 1);
		}
		List<FieldDescriptor> fields = resolve(builder.getDescriptorForType(), fieldPath, source);
		if (fields == null || isBound(fields, bound)) {
			return;
		}
		FieldDescriptor field = fields.get(fields.size() - 1);
		if (mapKey != null || field.isMapField()) {
			if (mapKey == null) {
				throw new HttpBindingException(source + ": field \"" + fieldPath + "\" is a map; set an entry as "
						+ fieldPath + "[key]=value");
			}
			if (!field.isMapField()) {
				throw new HttpBindingException(source + ": field \"" + fieldPath + "\" is not a map and takes no [key]");
			}
			bindMapEntry(builder, fields, mapKey, values, source);
			return;
		}
		if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !FieldValues.hasTextForm(field.getMessageType())) {
			throw new HttpBindingException(source + ": field \"" + fieldPath + "\" is a message ("
					+ field.getMessageType().getFullName() + "); name one of its fields, as " + fieldPath + ".<field>");
		}
		if (!field.isRepeated() && values.size() > 1) {
			throw new HttpBindingException(source + " is given " + values.size() + " times but is not repeated");
		}
		FieldValues.set(builder, fields, values, source);
	}

	/**
	 * The fields of a dotted path, or {@code null} when a name is not a field (the parameter is then
	 * ignored, as grpc-gateway does).
	 */
	private static @Nullable List<FieldDescriptor> resolve(Descriptor request, String fieldPath, String source) {
		List<FieldDescriptor> fields = new ArrayList<>();
		Descriptor type = request;
		String[] names = fieldPath.split("\\.", -1);
		for (int i = 0; i < names.length; i++) {
			FieldDescriptor field = field(type, names[i]);
			if (field == null) {
				return null;
			}
			fields.add(field);
			if (i < names.length - 1) {
				if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
					throw new HttpBindingException(source + ": field \"" + names[i] + "\" is not a message");
				}
				if (field.isRepeated()) {
					throw new HttpBindingException(source + ": field \"" + names[i] + "\" is repeated");
				}
				type = field.getMessageType();
			}
		}
		return fields;
	}

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

	/** Whether the path or the body bound these fields already, or a message that holds them. */
	private static boolean isBound(List<FieldDescriptor> fields, Collection<String> bound) {
		StringBuilder path = new StringBuilder();
		for (FieldDescriptor field : fields) {
			path.append((path.length() > 0) ? "." : "").append(field.getName());
			if (bound.contains(path.toString())) {
				return true;
			}
		}
		return false;
	}

	private static void bindMapEntry(Message.Builder builder, List<FieldDescriptor> fields, String key,
			List<String> values, String source) {
		FieldDescriptor mapField = fields.get(fields.size() - 1);
		FieldDescriptor valueField = mapField.getMessageType().findFieldByName("value");
		if (valueField.getJavaType() == FieldDescriptor.JavaType.MESSAGE
				&& !FieldValues.hasTextForm(valueField.getMessageType())) {
			throw new HttpBindingException(source + ": the values of map \"" + mapField.getName() + "\" are messages");
		}
		if (values.size() > 1) {
			throw new HttpBindingException(source + " is given " + values.size() + " times");
		}
		FieldValues.update(builder, fields, source, (parent, field) -> {
			Message.Builder entry = parent.newBuilderForField(field);
			FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
			try {
				entry.setField(keyField, FieldValues.parse(entry, keyField, key));
				entry.setField(valueField, FieldValues.parse(entry, valueField, values.get(0)));
			}
			catch (IllegalArgumentException ex) {
				throw new HttpBindingException(source + ": " + ex.getMessage());
			}
			// an entry added again for a key replaces the earlier one when the map is built
			parent.addRepeatedField(field, entry.build());
		});
	}

}
