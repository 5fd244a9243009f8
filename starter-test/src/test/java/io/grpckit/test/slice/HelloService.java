package io.grpckit.test.slice;

import io.grpc.stub.StreamObserver;
import io.grpckit.server.GrpcService;
import io.grpckit.test.slice.proto.HelloGrpc;
import io.grpckit.test.slice.proto.HelloReply;
import io.grpckit.test.slice.proto.HelloRequest;

/**
 * Greets by name; an empty name is an {@link IllegalArgumentException}, which
 * {@link SliceAdvice} maps.
 */
@GrpcService
class HelloService extends HelloGrpc.HelloImplBase {

	@Override
	public void say(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
		if (request.getName().isEmpty()) {
			throw new IllegalArgumentException("name: '' (expected: not empty)");
		}
		responseObserver.onNext(HelloReply.newBuilder().setMessage("Hello, " + request.getName() + "!").build());
		responseObserver.onCompleted();
	}

}
