package io.grpckit.demo.greeter.client;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.grpckit.client.GrpcClient;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar demo-greeter-service.jar client --target=host:port}: calls the greeter in
 * all four modes and prints what came back. Exits 0 when every call succeeded, otherwise with
 * the number of the failing call's gRPC status code. With {@code --flood=N} it floods SayHello
 * instead ({@link Flood}).
 */
@Component
@Profile("client")
class GreeterClientCommand implements ApplicationRunner, ExitCodeGenerator {

	private static final List<String> NAMES = List.of("Alice", "Bob", "Carol");

	private final GreeterGrpc.GreeterBlockingStub blocking;

	private final GreeterGrpc.GreeterStub async;

	private final String name;

	private final int count;

	private final Duration deadline;

	private final int flood;

	private final Duration delay;

	private final PrintStream out = System.out;

	private int exitCode;

	GreeterClientCommand(@GrpcClient("greeter") GreeterGrpc.GreeterBlockingStub blocking,
			@GrpcClient("greeter") GreeterGrpc.GreeterStub async, @Value("${name:grpckit}") String name,
			@Value("${count:3}") int count, @Value("${deadline:10s}") Duration deadline,
			@Value("${flood:0}") int flood, @Value("${delay:500ms}") Duration delay) {
		this.blocking = blocking;
		this.async = async;
		this.name = name;
		this.count = count;
		this.deadline = deadline;
		this.flood = flood;
		this.delay = delay;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		if (this.flood > 0) {
			if (!new Flood(this.blocking.getChannel(), this.out).run(this.flood, this.delay, this.deadline)) {
				this.exitCode = 1;
			}
			return;
		}
		try {
			sayHello();
			sayHelloStream();
			sayHelloToAll();
			chat();
			this.out.println("all four call modes succeeded");
		}
		catch (StatusRuntimeException ex) {
			fail(ex.getStatus());
		}
	}

	private void sayHello() {
		HelloReply reply = this.blocking.withDeadlineAfter(this.deadline.toMillis(), TimeUnit.MILLISECONDS)
			.sayHello(request(this.name));
		this.out.println("SayHello        -> " + reply.getMessage());
	}

	private void sayHelloStream() {
		this.out.println("SayHelloStream  -> " + this.count + " replies:");
		this.blocking.withDeadlineAfter(this.deadline.toMillis(), TimeUnit.MILLISECONDS)
			.sayHelloStream(request(this.name).toBuilder().setCount(this.count).build())
			.forEachRemaining((reply) -> this.out.println("  [" + reply.getIndex() + "] " + reply.getMessage()));
	}

	private void sayHelloToAll() {
		Replies replies = new Replies();
		StreamObserver<HelloRequest> requests = this.async
			.withDeadlineAfter(this.deadline.toMillis(), TimeUnit.MILLISECONDS)
			.sayHelloToAll(replies);
		NAMES.forEach((each) -> requests.onNext(request(each)));
		requests.onCompleted();
		HelloReply reply = replies.await().get(0);
		this.out.println("SayHelloToAll   -> " + reply.getMessage() + " (" + reply.getIndex() + " names)");
	}

	private void chat() {
		Replies replies = new Replies();
		StreamObserver<HelloRequest> requests = this.async
			.withDeadlineAfter(this.deadline.toMillis(), TimeUnit.MILLISECONDS)
			.chat(replies);
		NAMES.forEach((each) -> requests.onNext(request(each)));
		requests.onCompleted();
		this.out.println("Chat            -> " + NAMES.size() + " replies:");
		replies.await().forEach((reply) -> this.out.println("  [" + reply.getIndex() + "] " + reply.getMessage()));
	}

	private void fail(Status status) {
		this.out.println("failed: " + status.getCode() + ((status.getDescription() != null) ? ": " + status.getDescription() : ""));
		this.exitCode = status.getCode().value();
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

	private static HelloRequest request(String name) {
		return HelloRequest.newBuilder().setName(name).build();
	}

	/** Collects a response stream; the call's deadline bounds the wait. */
	private static final class Replies implements StreamObserver<HelloReply> {

		private final List<HelloReply> received = new ArrayList<>();

		private final CompletableFuture<List<HelloReply>> done = new CompletableFuture<>();

		@Override
		public synchronized void onNext(HelloReply reply) {
			this.received.add(reply);
		}

		@Override
		public void onError(Throwable t) {
			this.done.completeExceptionally(t);
		}

		@Override
		public synchronized void onCompleted() {
			this.done.complete(List.copyOf(this.received));
		}

		List<HelloReply> await() {
			try {
				// the call's own deadline ends it first; this only guards against a lost stream
				return this.done.get(5, TimeUnit.MINUTES);
			}
			catch (ExecutionException ex) {
				throw Status.fromThrowable(ex.getCause()).asRuntimeException();
			}
			catch (TimeoutException ex) {
				throw Status.DEADLINE_EXCEEDED.withDescription("no end of stream").asRuntimeException();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
			}
		}

	}

}
