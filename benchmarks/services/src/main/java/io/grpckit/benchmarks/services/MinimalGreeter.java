package io.grpckit.benchmarks.services;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import java.util.ArrayList;
import java.util.List;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;

/**
 * The least code that answers {@code helloworld.Greeter} as the demo's contract says, for the
 * floor of the comparison: no validation, no deadline handling. Server streaming sends from
 * the on-ready handler, as every streaming service should. SayHello's {@code delay_ms} holds
 * the service thread that long, a stand-in for a blocking call to a database: it gives the
 * overload scenario a known capacity (threads / delay); the other modes send none.
 */
public class MinimalGreeter extends GreeterGrpc.GreeterImplBase {

	private static final int MAX_COUNT = 100_000;

	@Override
	public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
		if (request.getDelayMs() > 0) {
			// deliberately blocking: the work a thread-per-call service does
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(request.getDelayMs(), 1000)));
		}
		responses.onNext(reply(request.getName(), 0));
		responses.onCompleted();
	}

	@Override
	public void sayHelloStream(HelloRequest request, StreamObserver<HelloReply> responses) {
		ServerCallStreamObserver<HelloReply> observer = (ServerCallStreamObserver<HelloReply>) responses;
		int count = Math.min(Math.max(request.getCount(), 1), MAX_COUNT);
		String message = greeting(request.getName());
		// handler runs serialized with the call's other callbacks: one writer at a time
		observer.setOnReadyHandler(new Runnable() {

			private int sent;

			private boolean done;

			@Override
			public void run() {
				while (!this.done && observer.isReady() && this.sent < count) {
					observer.onNext(HelloReply.newBuilder().setMessage(message).setIndex(++this.sent).build());
				}
				if (!this.done && this.sent == count) {
					this.done = true;
					observer.onCompleted();
				}
			}

		});
	}

	@Override
	public StreamObserver<HelloRequest> sayHelloToAll(StreamObserver<HelloReply> responses) {
		List<String> names = new ArrayList<>();
		return new StreamObserver<>() {

			@Override
			public void onNext(HelloRequest request) {
				names.add(request.getName());
			}

			@Override
			public void onError(Throwable t) {
			}

			@Override
			public void onCompleted() {
				responses.onNext(reply(String.join(", ", names), names.size()));
				responses.onCompleted();
			}

		};
	}

	@Override
	public StreamObserver<HelloRequest> chat(StreamObserver<HelloReply> responses) {
		return new StreamObserver<>() {

			private int index;

			@Override
			public void onNext(HelloRequest request) {
				responses.onNext(reply(request.getName(), ++this.index));
			}

			@Override
			public void onError(Throwable t) {
			}

			@Override
			public void onCompleted() {
				responses.onCompleted();
			}

		};
	}

	private static HelloReply reply(String name, int index) {
		return HelloReply.newBuilder().setMessage(greeting(name)).setIndex(index).build();
	}

	/**
	 * The greeting of the contract, also used by the HTTP benchmark's hand-written controller.
	 * @param name the name to greet
	 * @return {@code Hello, <name>!}
	 */
	public static String greeting(String name) {
		return "Hello, " + name + "!";
	}

}
