package io.grpckit.server.http;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;

/**
 * A protobuf method the server serves, with what HTTP needs to call it: its typed gRPC
 * descriptor (whose marshallers hand messages to the in-process server without serializing
 * them), its protobuf descriptor and the default instances of its messages.
 *
 * @param grpc the gRPC method descriptor with the service's own marshallers
 * @param proto the protobuf method descriptor
 * @param requestPrototype the request type's default instance
 * @param responsePrototype the response type's default instance
 */
record ServedMethod(MethodDescriptor<Object, Object> grpc, Descriptors.MethodDescriptor proto,
		Message requestPrototype, Message responsePrototype) {

	/**
	 * Return the method's full name, {@code package.Service/Method}.
	 * @return the full name
	 */
	String fullName() {
		return this.grpc.getFullMethodName();
	}

	/**
	 * Return whether the client sends one message (unary and server-streaming methods).
	 * @return whether the request is a single message
	 */
	boolean singleRequest() {
		return this.grpc.getType().clientSendsOneMessage();
	}

	/**
	 * Return whether the server answers with one message.
	 * @return whether the response is a single message
	 */
	boolean singleResponse() {
		return this.grpc.getType().serverSendsOneMessage();
	}

}
