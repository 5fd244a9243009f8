package io.grpckit.testsupport;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.test.proto.OrderedEchoGrpc;

/**
 * A backend for client resilience tests: {@code Echo/Unary} and {@code OrderedEcho/Unary}
 * answer with their request's text, or fail with the status set by {@link #failWith},
 * and count the calls (attempts) they received. A request with {@code delay_ms} is
 * answered that much later (scheduled, not slept); the text {@code park} is never
 * answered. {@code Echo/ServerStream} sends {@code count} replies {@code delay_ms} apart.
 */
public final class FlakyBackend {

	private static final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "flaky-backend");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger echoCalls = new AtomicInteger();

	private final AtomicInteger orderedEchoCalls = new AtomicInteger();

	private volatile Status failure;

	/**
	 * Make every later call fail with the given status.
	 * @param status the status, not OK
	 */
	public void failWith(Status status) {
		this.failure = status;
	}

	/** Make every later call succeed. */
	public void recover() {
		this.failure = null;
	}

	/** Calls of {@code Echo/*} received, every attempt counted. */
	public int echoCalls() {
		return this.echoCalls.get();
	}

	/** Calls of {@code OrderedEcho/Unary} received, every attempt counted. */
	public int orderedEchoCalls() {
		return this.orderedEchoCalls.get();
	}

	/**
	 * Start a Netty server on loopback serving both services.
	 * @return the server
	 */
	public EchoServer start() {
		return EchoServer.start(List.of(echo(), orderedEcho()));
	}

	private BindableService echo() {
		return new EchoGrpc.EchoImplBase() {

			@Override
			public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
				FlakyBackend.this.echoCalls.incrementAndGet();
				answer(request, responseObserver);
			}

			@Override
			public void serverStream(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
				FlakyBackend.this.echoCalls.incrementAndGet();
				Status status = FlakyBackend.this.failure;
				if (status != null) {
					responseObserver.onError(status.asRuntimeException());
					return;
				}
				for (int i = 1; i <= request.getCount(); i++) {
					EchoReply reply = EchoReply.newBuilder().setText(request.getText()).setIndex(i).build();
					scheduler.schedule(() -> responseObserver.onNext(reply), i * request.getDelayMs(),
							TimeUnit.MILLISECONDS);
				}
				scheduler.schedule(responseObserver::onCompleted, request.getCount() * request.getDelayMs(),
						TimeUnit.MILLISECONDS);
			}

		};
	}

	private BindableService orderedEcho() {
		return new OrderedEchoGrpc.OrderedEchoImplBase() {

			@Override
			public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
				FlakyBackend.this.orderedEchoCalls.incrementAndGet();
				answer(request, responseObserver);
			}

		};
	}

	private void answer(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		if (request.getText().equals("park")) {
			return;
		}
		Status status = this.failure;
		Runnable answer = () -> {
			if (status != null) {
				responseObserver.onError(status.asRuntimeException());
			}
			else {
				responseObserver.onNext(EchoReply.newBuilder().setText(request.getText()).build());
				responseObserver.onCompleted();
			}
		};
		if (request.getDelayMs() > 0) {
			scheduler.schedule(answer, request.getDelayMs(), TimeUnit.MILLISECONDS);
		}
		else {
			answer.run();
		}
	}

}
