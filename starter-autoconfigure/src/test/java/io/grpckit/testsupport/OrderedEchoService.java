package io.grpckit.testsupport;

import io.grpc.stub.StreamObserver;
import io.grpckit.server.GrpcService;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.test.proto.OrderedEchoGrpc;

/**
 * A second service, with interceptors of its own.
 */
@GrpcService(interceptors = RecordingInterceptors.ServiceInterceptorC.class, interceptorNames = "serviceInterceptorD")
public class OrderedEchoService extends OrderedEchoGrpc.OrderedEchoImplBase {

	@Override
	public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		RecordingInterceptors.seen.add("service");
		responseObserver.onNext(EchoReply.newBuilder().setText(request.getText()).build());
		responseObserver.onCompleted();
	}

}
