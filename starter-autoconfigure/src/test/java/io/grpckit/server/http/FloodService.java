package io.grpckit.server.http;

import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.test.proto.FloodGrpc;

/**
 * Streams {@code count} replies of {@code payload}-sized bytes as fast as the transport takes
 * them, and no faster: it sends from its on-ready handler while {@code isReady()}, as a
 * service honouring flow control does.
 */
class FloodService extends FloodGrpc.FloodImplBase {

	final AtomicLong sent = new AtomicLong();

	final AtomicLong cancelled = new AtomicLong();

	@Override
	public void stream(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		ServerCallStreamObserver<EchoReply> call = (ServerCallStreamObserver<EchoReply>) responseObserver;
		ByteString payload = ByteString.copyFrom(new byte[Math.max(0, request.getPayload().size())]);
		long count = request.getCount();
		long[] mine = new long[1];
		call.setOnCancelHandler(this.cancelled::incrementAndGet);
		call.setOnReadyHandler(() -> {
			while (call.isReady() && mine[0] < count) {
				call.onNext(EchoReply.newBuilder().setIndex((int) mine[0]).setPayload(payload).build());
				mine[0]++;
				this.sent.incrementAndGet();
			}
			if (mine[0] == count) {
				mine[0]++;
				call.onCompleted();
			}
		});
	}

}
