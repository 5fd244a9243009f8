package io.grpckit.benchmarks.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpckit.RequestId;
import io.grpckit.benchmarks.services.MinimalGreeter;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call cost of the kit's client-side wrapping: one blocking unary SayHello over the
 * in-process transport with {@code directExecutor()} on both sides, made inside a served
 * call's context (a request id is current, as when a service calls another), to a bare
 * server. The difference to {@code BARE} is what the client chain adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m", "-XX:+UseG1GC" })
public class ClientInterceptorChainBenchmark {

	private static final HelloRequest REQUEST = HelloRequest.newBuilder().setName("bench").build();

	@Param({ "BARE", "REQUEST_ID", "OBSERVATION", "OBSERVATION_FULL", "MICROMETER_OBSERVATION", "KIT_OBSERVED" })
	public ClientChain chain;

	private Server server;

	private ManagedChannel channel;

	private GreeterGrpc.GreeterBlockingStub stub;

	private Context servedCall;

	@Setup
	public void setUp() throws IOException {
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(new MinimalGreeter())
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		this.stub = GreeterGrpc.newBlockingStub(this.chain.apply(this.channel));
		this.servedCall = RequestId.withRequestId(Context.ROOT, "bench-request-0001");
	}

	@TearDown
	public void tearDown() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Benchmark
	public HelloReply unary() {
		Context previous = this.servedCall.attach();
		try {
			return this.stub.sayHello(REQUEST);
		}
		finally {
			this.servedCall.detach(previous);
		}
	}

}
