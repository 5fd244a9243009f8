package io.grpckit.demo.greeter;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import io.grpckit.server.GrpcService;

import org.springframework.beans.factory.DisposableBean;

/**
 * The {@code helloworld.Greeter} service: one method per gRPC call mode.
 * <p>
 * Each call's response side is a {@link ReplySink}, which serializes writers, ends the call
 * exactly once and, when the call has to wait, closes it with DEADLINE_EXCEEDED just before
 * the client's deadline.
 * Waits ({@code delay_ms}) are timers on one shared scheduler, never sleeping threads, and
 * cancelling a call cancels its timers.
 */
@GrpcService
public class GreeterService extends GreeterGrpc.GreeterImplBase implements DisposableBean {

	private final GreeterProbe probe = new GreeterProbe();

	private final DelayScheduler scheduler = new DelayScheduler();

	public GreeterService() {
		this.probe.pendingTimers(this.scheduler::pending);
	}

	@Override
	public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
		ReplySink sink = ReplySink.open(responseObserver, this.scheduler, this.probe);
		Status invalid = RequestChecks.checkNameAndDelay(request);
		if (invalid != null) {
			sink.fail(invalid);
			return;
		}
		sink.after(request.getDelayMs(), () -> {
			sink.send(Greetings.greet(request.getName(), 0));
			sink.complete();
		});
		sink.watchDeadline();
	}

	@Override
	public void sayHelloStream(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
		ReplySink sink = ReplySink.open(responseObserver, this.scheduler, this.probe);
		Status invalid = RequestChecks.checkStreamRequest(request);
		if (invalid != null) {
			sink.fail(invalid);
			return;
		}
		int total = Math.max(request.getCount(), 1);
		new ReplyStream(sink, this.probe, request.getName(), total, request.getDelayMs()).start();
		sink.watchDeadline();
	}

	@Override
	public StreamObserver<HelloRequest> sayHelloToAll(StreamObserver<HelloReply> responseObserver) {
		ReplySink sink = ReplySink.open(responseObserver, this.scheduler, this.probe);
		sink.watchDeadline();
		return new GreetingCollector(sink);
	}

	@Override
	public StreamObserver<HelloRequest> chat(StreamObserver<HelloReply> responseObserver) {
		ReplySink sink = ReplySink.open(responseObserver, this.scheduler, this.probe);
		ChatSession session = new ChatSession(sink);
		session.start();
		sink.watchDeadline();
		return session;
	}

	/** Counters for tests: replies sent, calls open, timers pending and the like. */
	GreeterProbe probe() {
		return this.probe;
	}

	/**
	 * Stop the timer thread. Spring calls this after the server has stopped, so calls in
	 * flight got their grace period first.
	 */
	@Override
	public void destroy() {
		this.scheduler.close();
	}

}
