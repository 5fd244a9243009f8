package io.grpckit.server.http;

import java.util.List;

import com.google.api.AnnotationsProto;
import com.google.api.CustomHttpPattern;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpckit.test.http.proto.HttpRoutesTest;
import io.grpckit.test.http.proto.LibraryGrpc;

/**
 * Services built at run time with the HTTP rules a test needs (including wrong ones), on the
 * messages of {@code http_routes_test.proto}. Their options are kept as unknown fields, the way a
 * descriptor built from bytes (server reflection, a descriptor set) carries them.
 */
final class TestServices {

	private TestServices() {
	}

	/** The compiled Library service, with every rule feature. */
	static ServiceDescriptor library() {
		return HttpRoutesTest.getDescriptor().findServiceByName("Library");
	}

	static String libraryMethod(String name) {
		return LibraryGrpc.SERVICE_NAME + "/" + name;
	}

	/** A method of a run-time service: name, request and response type (in grpckit.test.http), rule. */
	record Method(String name, String input, String output, HttpRule rule) {

		Method(String name, HttpRule rule) {
			this(name, "GetBookRequest", "Book", rule);
		}

	}

	static ServiceDescriptor service(String name, Method... methods) {
		ServiceDescriptorProto.Builder service = ServiceDescriptorProto.newBuilder().setName(name);
		for (Method method : methods) {
			MethodOptions options = MethodOptions.newBuilder().setExtension(AnnotationsProto.http, method.rule()).build();
			try {
				// through bytes without an extension registry: the rule becomes an unknown field
				options = MethodOptions.parseFrom(options.toByteString());
			}
			catch (InvalidProtocolBufferException ex) {
				throw new IllegalStateException(ex);
			}
			service.addMethod(MethodDescriptorProto.newBuilder()
				.setName(method.name())
				.setInputType(".grpckit.test.http." + method.input())
				.setOutputType(".grpckit.test.http." + method.output())
				.setOptions(options));
		}
		FileDescriptorProto file = FileDescriptorProto.newBuilder()
			.setName("grpckit/test/http/" + name.toLowerCase(java.util.Locale.ROOT) + ".proto")
			.setPackage("grpckit.test.dynamic")
			.setSyntax("proto3")
			.addDependency(HttpRoutesTest.getDescriptor().getName())
			.addService(service)
			.build();
		try {
			return FileDescriptor.buildFrom(file, new FileDescriptor[] { HttpRoutesTest.getDescriptor() })
				.findServiceByName(name);
		}
		catch (DescriptorValidationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static HttpRule get(String path) {
		return HttpRule.newBuilder().setGet(path).build();
	}

	static HttpRule post(String path, String body) {
		return HttpRule.newBuilder().setPost(path).setBody(body).build();
	}

	static HttpRule custom(String kind, String path) {
		return HttpRule.newBuilder().setCustom(CustomHttpPattern.newBuilder().setKind(kind).setPath(path)).build();
	}

	static List<ServiceDescriptor> services(ServiceDescriptor... services) {
		return List.of(services);
	}

}
