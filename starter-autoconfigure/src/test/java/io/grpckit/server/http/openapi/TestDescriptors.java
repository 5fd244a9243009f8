package io.grpckit.server.http.openapi;

import java.util.List;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.StructProto;
import io.grpckit.server.http.GrpcHttpBridge;
import io.grpckit.server.http.GrpcHttpGateway;
import io.grpckit.server.http.GrpcHttpRoute;
import io.grpckit.test.http.proto.LibraryGrpc;

/**
 * Descriptors for the OpenAPI tests: the real routes of the test protos' {@code Library}
 * service, and a file built here with what generated descriptors never carry (comments, from a
 * {@code SourceCodeInfo}) and what the test protos lack (a message that refers to itself,
 * {@code Struct}, {@code Value}, {@code ListValue}, {@code Empty}):
 *
 * <pre>
 * package grpckit.test.openapi;
 * // A node of a tree.
 * message Node {
 *   // The node's name.
 *   string name = 1;
 *   repeated Node children = 2;
 *   Node parent = 3;
 *   google.protobuf.Struct attributes = 4;
 *   google.protobuf.Value value = 5;
 *   google.protobuf.ListValue list = 6;
 *   google.protobuf.Empty nothing = 7;
 *   Kind kind = 8;
 *   // What a node is.
 *   enum Kind { KIND_UNSPECIFIED = 0; LEAF = 1; }
 * }
 * message NodeRequest { Node node = 1; }
 * // Walks trees.
 * service Trees {
 *   // Gets a node.
 *   // Any node, by name.
 *   rpc GetNode (NodeRequest) returns (Node);
 * }
 * </pre>
 */
final class TestDescriptors {

	private TestDescriptors() {
	}

	/** The gateway's routes of the {@code Library} service (http_routes_test.proto). */
	static List<GrpcHttpRoute> libraryRoutes() {
		GrpcHttpBridge bridge = new GrpcHttpBridge(List.of());
		try {
			return GrpcHttpGateway.builder(bridge, List.of(new LibraryGrpc.LibraryImplBase() {
			}.bindService())).build().routes();
		}
		finally {
			bridge.destroy();
		}
	}

	static FileDescriptor trees() {
		String node = ".grpckit.test.openapi.Node";
		DescriptorProto.Builder message = DescriptorProto.newBuilder()
			.setName("Node")
			.addField(field("name", 1, FieldDescriptorProto.Type.TYPE_STRING, null))
			.addField(field("children", 2, FieldDescriptorProto.Type.TYPE_MESSAGE, node)
				.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
			.addField(field("parent", 3, FieldDescriptorProto.Type.TYPE_MESSAGE, node))
			.addField(field("attributes", 4, FieldDescriptorProto.Type.TYPE_MESSAGE, ".google.protobuf.Struct"))
			.addField(field("value", 5, FieldDescriptorProto.Type.TYPE_MESSAGE, ".google.protobuf.Value"))
			.addField(field("list", 6, FieldDescriptorProto.Type.TYPE_MESSAGE, ".google.protobuf.ListValue"))
			.addField(field("nothing", 7, FieldDescriptorProto.Type.TYPE_MESSAGE, ".google.protobuf.Empty"))
			.addField(field("kind", 8, FieldDescriptorProto.Type.TYPE_ENUM, node + ".Kind"))
			.addEnumType(EnumDescriptorProto.newBuilder()
				.setName("Kind")
				.addValue(EnumValueDescriptorProto.newBuilder().setName("KIND_UNSPECIFIED").setNumber(0))
				.addValue(EnumValueDescriptorProto.newBuilder().setName("LEAF").setNumber(1)));
		DescriptorProto.Builder request = DescriptorProto.newBuilder()
			.setName("NodeRequest")
			.addField(field("node", 1, FieldDescriptorProto.Type.TYPE_MESSAGE, node));
		ServiceDescriptorProto.Builder service = ServiceDescriptorProto.newBuilder()
			.setName("Trees")
			.addMethod(MethodDescriptorProto.newBuilder()
				.setName("GetNode")
				.setInputType(".grpckit.test.openapi.NodeRequest")
				.setOutputType(node));
		SourceCodeInfo comments = SourceCodeInfo.newBuilder()
			.addLocation(comment(" A node of a tree.\n", 4, 0))
			.addLocation(comment(" The node's name.\n", 4, 0, 2, 0))
			.addLocation(comment(" What a node is.\n", 4, 0, 4, 0))
			.addLocation(comment(" Walks trees.\n", 6, 0))
			.addLocation(comment(" Gets a node.\n Any node, by name.\n", 6, 0, 2, 0))
			.build();
		FileDescriptorProto file = FileDescriptorProto.newBuilder()
			.setName("grpckit/test/openapi/trees.proto")
			.setPackage("grpckit.test.openapi")
			.setSyntax("proto3")
			.addDependency("google/protobuf/struct.proto")
			.addDependency("google/protobuf/empty.proto")
			.addMessageType(message)
			.addMessageType(request)
			.addService(service)
			.setSourceCodeInfo(comments)
			.build();
		try {
			return FileDescriptor.buildFrom(file,
					new FileDescriptor[] { StructProto.getDescriptor(), EmptyProto.getDescriptor() });
		}
		catch (DescriptorValidationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type,
			String typeName) {
		FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
			.setName(name)
			.setNumber(number)
			.setType(type)
			.setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
			.setJsonName(name);
		return (typeName != null) ? field.setTypeName(typeName) : field;
	}

	private static SourceCodeInfo.Location comment(String text, Integer... path) {
		return SourceCodeInfo.Location.newBuilder().addAllPath(List.of(path)).setLeadingComments(text).build();
	}

}
