package io.grpckit.server.http.openapi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * The comments of a proto file's elements, from the file's {@code SourceCodeInfo}. protoc's Java
 * code embeds descriptors without it, so for generated classes every comment is {@code null};
 * descriptors built from a descriptor set made with {@code --include_source_info} carry them.
 */
final class ProtoComments {

	// field numbers of descriptor.proto, the steps of a SourceCodeInfo location path
	private static final int FILE_MESSAGE_TYPE = 4;

	private static final int FILE_ENUM_TYPE = 5;

	private static final int FILE_SERVICE = 6;

	private static final int MESSAGE_FIELD = 2;

	private static final int MESSAGE_NESTED_TYPE = 3;

	private static final int MESSAGE_ENUM_TYPE = 4;

	private static final int SERVICE_METHOD = 2;

	private final Map<FileDescriptor, Map<List<Integer>, String>> files = new ConcurrentHashMap<>();

	@Nullable String of(Descriptor message) {
		return comment(message.getFile(), path(message));
	}

	@Nullable String of(FieldDescriptor field) {
		if (field.isExtension()) {
			return null;
		}
		List<Integer> path = path(field.getContainingType());
		path.add(MESSAGE_FIELD);
		path.add(field.getIndex());
		return comment(field.getFile(), path);
	}

	@Nullable String of(EnumDescriptor type) {
		List<Integer> path;
		if (type.getContainingType() == null) {
			path = new ArrayList<>(List.of(FILE_ENUM_TYPE, type.getIndex()));
		}
		else {
			path = path(type.getContainingType());
			path.add(MESSAGE_ENUM_TYPE);
			path.add(type.getIndex());
		}
		return comment(type.getFile(), path);
	}

	@Nullable String of(ServiceDescriptor service) {
		return comment(service.getFile(), List.of(FILE_SERVICE, service.getIndex()));
	}

	@Nullable String of(MethodDescriptor method) {
		return comment(method.getFile(),
				List.of(FILE_SERVICE, method.getService().getIndex(), SERVICE_METHOD, method.getIndex()));
	}

	private static List<Integer> path(Descriptor message) {
		if (message.getContainingType() == null) {
			return new ArrayList<>(List.of(FILE_MESSAGE_TYPE, message.getIndex()));
		}
		List<Integer> path = path(message.getContainingType());
		path.add(MESSAGE_NESTED_TYPE);
		path.add(message.getIndex());
		return path;
	}

	private @Nullable String comment(FileDescriptor file, List<Integer> path) {
		return this.files.computeIfAbsent(file, ProtoComments::read).get(path);
	}

	private static Map<List<Integer>, String> read(FileDescriptor file) {
		Map<List<Integer>, String> comments = new HashMap<>();
		for (SourceCodeInfo.Location location : file.toProto().getSourceCodeInfo().getLocationList()) {
			String text = location.hasLeadingComments() ? location.getLeadingComments()
					: location.getTrailingComments();
			// each line of a // comment keeps the space after the slashes
			text = text.lines().map(String::strip).collect(Collectors.joining("\n")).strip();
			if (!text.isEmpty()) {
				comments.putIfAbsent(List.copyOf(location.getPathList()), text);
			}
		}
		return comments;
	}

}
