package io.grpckit.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.RequestId;
import io.grpckit.server.GrpcService;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;

/**
 * The kit's test service. Texts starting with {@code throw:} make it fail on purpose:
 * {@code throw:illegal} throws IllegalArgumentException, {@code throw:secret} an
 * IllegalStateException with a secret message, {@code onerror:secret} passes one to
 * onError, {@code status:invalid} reports INVALID_ARGUMENT itself, {@code rich:<kind>} throws
 * UnsupportedOperationException, which the test application's advice answers with a
 * {@code com.google.rpc.Status} ({@code rich:bad-request}, {@code rich:ok}, {@code rich:unknown-code}).
 */
@GrpcService
public class EchoService extends EchoGrpc.EchoImplBase {

	/** Message of the exceptions that must never reach a client. */
	public static final String SECRET = "secret-detail-42";

	private static final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, (task) -> {
		Thread thread = new Thread(task, "echo-delays");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger cancelled = new AtomicInteger();

	private final AtomicInteger started = new AtomicInteger();

	private final AtomicInteger streamErrors = new AtomicInteger();

	private final List<String> threads = new ArrayList<>();

	/** Calls of ServerStream the server saw cancelled. */
	public int cancelledCount() {
		return this.cancelled.get();
	}

	/** ClientStream calls whose request stream ended with an error. */
	public int streamErrorCount() {
		return this.streamErrors.get();
	}

	/** Calls of ServerStream started. */
	public int startedCount() {
		return this.started.get();
	}

	/** Names of the threads that ran Unary. */
	public synchronized List<String> threads() {
		return List.copyOf(this.threads);
	}

	@Override
	public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		synchronized (this) {
			this.threads.add(Thread.currentThread().getName());
		}
		if (failOnPurpose(request.getText(), responseObserver)) {
			return;
		}
		String text = request.getText().equals("request-id") ? RequestId.current() : request.getText();
		responseObserver.onNext(reply(text, 0).toBuilder().setPayload(request.getPayload()).build());
		responseObserver.onCompleted();
	}

	@Override
	public void serverStream(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		this.started.incrementAndGet();
		if (failOnPurpose(request.getText(), responseObserver)) {
			return;
		}
		ServerCallStreamObserver<EchoReply> call = (ServerCallStreamObserver<EchoReply>) responseObserver;
		DelayedStream stream = new DelayedStream(call, request);
		call.setOnCancelHandler(() -> {
			this.cancelled.incrementAndGet();
			stream.cancel();
		});
		stream.next();
	}

	@Override
	public StreamObserver<EchoRequest> clientStream(StreamObserver<EchoReply> responseObserver) {
		return new StreamObserver<>() {

			private final StringBuilder texts = new StringBuilder();

			private int count;

			@Override
			public void onNext(EchoRequest request) {
				if (request.getText().startsWith("throw:")) {
					throw (request.getText().equals("throw:illegal")) ? new IllegalArgumentException("bad " + SECRET)
							: new IllegalStateException(SECRET);
				}
				this.texts.append(request.getText());
				this.count++;
			}

			@Override
			public void onError(Throwable t) {
				EchoService.this.streamErrors.incrementAndGet();
			}

			@Override
			public void onCompleted() {
				responseObserver.onNext(reply(this.texts.toString(), this.count));
				responseObserver.onCompleted();
			}

		};
	}

	@Override
	public StreamObserver<EchoRequest> bidi(StreamObserver<EchoReply> responseObserver) {
		AtomicInteger index = new AtomicInteger();
		return new StreamObserver<>() {

			@Override
			public void onNext(EchoRequest request) {
				if (!failOnPurpose(request.getText(), responseObserver)) {
					responseObserver.onNext(reply(request.getText(), index.incrementAndGet()));
				}
			}

			@Override
			public void onError(Throwable t) {
			}

			@Override
			public void onCompleted() {
				responseObserver.onCompleted();
			}

		};
	}

	private static boolean failOnPurpose(String text, StreamObserver<EchoReply> observer) {
		switch (text) {
			case "throw:illegal" -> throw new IllegalArgumentException("bad " + SECRET);
			case "throw:secret" -> throw new IllegalStateException(SECRET);
			case "rich:bad-request", "rich:ok", "rich:unknown-code" -> throw new UnsupportedOperationException(text);
			case "onerror:secret" -> {
				observer.onError(new IllegalStateException(SECRET));
				return true;
			}
			case "status:invalid" -> {
				observer.onError(Status.INVALID_ARGUMENT.withDescription("text: invalid").asRuntimeException());
				return true;
			}
			default -> {
				return false;
			}
		}
	}

	static EchoReply reply(String text, int index) {
		return EchoReply.newBuilder().setText(text).setIndex(index).build();
	}

	/** Sends count replies, each after delay_ms, scheduled rather than slept. */
	private static final class DelayedStream {

		private final ServerCallStreamObserver<EchoReply> call;

		private final EchoRequest request;

		private int sent;

		private volatile ScheduledFuture<?> pending;

		DelayedStream(ServerCallStreamObserver<EchoReply> call, EchoRequest request) {
			this.call = call;
			this.request = request;
		}

		void next() {
			if (this.sent >= Math.max(1, this.request.getCount())) {
				this.call.onCompleted();
				return;
			}
			this.pending = scheduler.schedule(this::send, this.request.getDelayMs(), TimeUnit.MILLISECONDS);
		}

		private synchronized void send() {
			if (this.call.isCancelled()) {
				return;
			}
			this.sent++;
			this.call.onNext(reply(this.request.getText(), this.sent));
			next();
		}

		void cancel() {
			ScheduledFuture<?> current = this.pending;
			if (current != null) {
				current.cancel(false);
			}
		}

	}

}
