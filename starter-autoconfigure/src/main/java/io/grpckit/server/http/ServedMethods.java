package io.grpckit.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The protobuf methods of the served services, by full name. Services that are not protobuf
 * (no schema descriptor or no prototype marshallers) are not reachable over HTTP.
 */
final class ServedMethods {

	private final Map<String, ServedMethod> byName;

	private final List<Descriptors.ServiceDescriptor> services;

	private ServedMethods(Map<String, ServedMethod> byName, List<Descriptors.ServiceDescriptor> services) {
		this.byName = byName;
		this.services = services;
	}

	/**
	 * Index the methods of services as they bind themselves (before any wrapping, so that
	 * their marshallers are the typed ones).
	 * @param definitions the services' own definitions
	 * @return the index
	 */
	static ServedMethods of(List<ServerServiceDefinition> definitions) {
		Map<String, ServedMethod> byName = new LinkedHashMap<>();
		List<Descriptors.ServiceDescriptor> services = new ArrayList<>();
		for (ServerServiceDefinition definition : definitions) {
			boolean any = false;
			for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
				ServedMethod served = served(method.getMethodDescriptor());
				if (served != null) {
					byName.put(served.fullName(), served);
					any = true;
				}
			}
			if (any) {
				services.add(byName.values()
					.stream()
					.filter((m) -> m.grpc().getServiceName().equals(definition.getServiceDescriptor().getName()))
					.findFirst()
					.orElseThrow()
					.proto()
					.getService());
			}
		}
		return new ServedMethods(Map.copyOf(byName), List.copyOf(services));
	}

	@SuppressWarnings("unchecked")
	private static @Nullable ServedMethod served(MethodDescriptor<?, ?> method) {
		if (!(method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier)) {
			return null;
		}
		Message request = prototype(method.getRequestMarshaller());
		Message response = prototype(method.getResponseMarshaller());
		if (request == null || response == null) {
			return null;
		}
		return new ServedMethod((MethodDescriptor<Object, Object>) method, supplier.getMethodDescriptor(), request,
				response);
	}

	private static @Nullable Message prototype(MethodDescriptor.Marshaller<?> marshaller) {
		if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> prototypes
				&& prototypes.getMessagePrototype() instanceof Message message) {
			return message;
		}
		return null;
	}

	/**
	 * Find a method.
	 * @param fullName {@code package.Service/Method}
	 * @return the method, or {@code null} when no served protobuf method has that name
	 */
	@Nullable ServedMethod find(String fullName) {
		return this.byName.get(fullName);
	}

	/**
	 * Return the protobuf descriptors of the services, in serving order.
	 * @return the service descriptors
	 */
	List<Descriptors.ServiceDescriptor> services() {
		return this.services;
	}

	/**
	 * Return every method.
	 * @return the methods
	 */
	List<ServedMethod> methods() {
		return List.copyOf(this.byName.values());
	}

}
