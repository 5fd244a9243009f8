package io.grpckit.demo.greeter;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import io.grpckit.server.GrpcService;
import io.grpckit.server.NonBlocking;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The {@code helloworld.Greeter} service: one method per gRPC call mode.
 * <p>
 * Each call's response side is a {@link ReplySink}, which serializes writers, ends the call
 * exactly once and, when the call has to wait, closes it with DEADLINE_EXCEEDED just before
 * the client's deadline.
 * Waits ({@code delay_ms}) are timers on one shared scheduler, never sleeping threads, and
 * cancelling a call cancels its timers.
 * <p>
 * Nothing here blocks, so the service is {@link NonBlocking @NonBlocking}: its calls run on
 * the gRPC server's event loop, without a hand-off to a service thread and back.
 */
@GrpcService
@NonBlocking
public class GreeterService extends GreeterGrpc.GreeterImplBase implements DisposableBean {

	/** Most names of one SayHelloToAll call unless configured otherwise. */
	static final int DEFAULT_MAX_NAMES = 1000;

	private final GreeterProbe probe = new GreeterProbe();

	private final DelayScheduler scheduler = new DelayScheduler();

	private final int maxNames;

	/**
	 * Create the service with the default limits.
	 */
	public GreeterService() {
		this(DEFAULT_MAX_NAMES);
	}

	/**
	 * Create the service with the configured limits.
	 * @param properties the demo's settings
	 */
	@Autowired
	public GreeterService(GreeterProperties properties) {
		this(properties.getMaxNames());
	}

	GreeterService(int maxNames) {
		if (maxNames < 1) {
			throw new InvalidConfigurationPropertyValueException("grpckit.demo.greeter.max-names", maxNames,
					"expected: at least 1");
		}
		this.maxNames = maxNames;
		this.probe.pendingTimers(this.scheduler::pending);
	}

	@Override
	public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
		ReplySink sink = ReplySink.open(responseObserver, this.scheduler, this.probe);
		StatusRuntimeException invalid = RequestChecks.checkNameAndDelay(request);
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
		StatusRuntimeException invalid = RequestChecks.checkStreamRequest(request);
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
		return new GreetingCollector(sink, this.maxNames);
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
