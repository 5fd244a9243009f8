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

import org.springframework.beans.factory.annotation.Value;

/**
 * Echo service that answers with the name of its server, so tests can see which instance
 * served a call: Unary answers {@code <name>:<text>}, or only the name when the request has
 * no text, after {@code delay_ms} if set. The delay is scheduled, never slept, and
 * cancelled with the call. ServerStream sends {@code count} replies, indexed from 0. Every
 * call is counted.
 */
public class NamedEchoService extends EchoGrpc.EchoImplBase {

	private static final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "test-echo-delay");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger calls = new AtomicInteger();

	private final String name;

	public NamedEchoService(@Value("${test.server-name}") String name) {
		this.name = name;
	}

	/** Calls this service has seen since it was created or {@link #resetCalls() reset}. */
	public int calls() {
		return this.calls.get();
	}

	public void resetCalls() {
		this.calls.set(0);
	}

	@Override
	public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		this.calls.incrementAndGet();
		String text = request.getText().isEmpty() ? this.name : this.name + ":" + request.getText();
		EchoReply reply = EchoReply.newBuilder().setText(text).build();
		if (request.getDelayMs() <= 0) {
			responseObserver.onNext(reply);
			responseObserver.onCompleted();
			return;
		}
		ServerCallStreamObserver<EchoReply> observer = (ServerCallStreamObserver<EchoReply>) responseObserver;
		ScheduledFuture<?> answer = scheduler.schedule(Context.current().wrap(() -> {
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

}
