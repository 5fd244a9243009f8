package io.grpckit.testsupport;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;

/**
 * Echo service for client tests: Unary answers with the request text, after
 * {@code delay_ms} if set. The delay is scheduled, never slept, and cancelled with the
 * call.
 */
public class DelayingEchoService extends EchoGrpc.EchoImplBase implements AutoCloseable {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "test-echo-delay");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger calls = new AtomicInteger();

	private final String name;

	public DelayingEchoService(String name) {
		this.name = name;
	}

	public int calls() {
		return this.calls.get();
	}

	public void resetCalls() {
		this.calls.set(0);
	}

	@Override
	public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		this.calls.incrementAndGet();
		EchoReply reply = EchoReply.newBuilder().setText(this.name + ":" + request.getText()).build();
		if (request.getDelayMs() <= 0) {
			responseObserver.onNext(reply);
			responseObserver.onCompleted();
			return;
		}
		ServerCallStreamObserver<EchoReply> observer = (ServerCallStreamObserver<EchoReply>) responseObserver;
		ScheduledFuture<?> answer = this.scheduler.schedule(Context.current().wrap(() -> {
			if (!observer.isCancelled()) {
				observer.onNext(reply);
				observer.onCompleted();
			}
		}), request.getDelayMs(), TimeUnit.MILLISECONDS);
		observer.setOnCancelHandler(() -> answer.cancel(false));
	}

	@Override
	public void serverStream(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		this.calls.incrementAndGet();
		for (int i = 0; i < request.getCount(); i++) {
			responseObserver.onNext(EchoReply.newBuilder().setText(request.getText()).setIndex(i).build());
		}
		responseObserver.onCompleted();
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
