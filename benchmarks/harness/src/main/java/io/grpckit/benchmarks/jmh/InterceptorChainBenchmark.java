package io.grpckit.benchmarks.jmh;

import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
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
 * Per-call cost of the kit's server-side wrapping: one blocking unary SayHello over the
 * in-process transport with {@code directExecutor()} on both sides, so the call runs on the
 * benchmark thread and the difference to {@code BARE} is what the chain adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m", "-XX:+UseG1GC" })
public class InterceptorChainBenchmark {

	private static final HelloRequest REQUEST = HelloRequest.newBuilder().setName("bench").build();

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	@Param({ "BARE", "REQUEST_ID", "EXCEPTION_MAPPING", "COMPRESSION", "PARSE_WRAPPER", "OBSERVATION",
			"OBSERVATION_FULL", "MICROMETER_OBSERVATION", "SECURITY", "KIT", "KIT_OBSERVED" })
	public ServerChain chain;

	/** Whether the client sends {@code x-request-id} (otherwise the server generates a UUID). */
	@Param({ "false" })
	public boolean clientRequestId;

	private Server server;

	private ManagedChannel channel;

	private GreeterGrpc.GreeterBlockingStub stub;

	@Setup
	public void setUp() throws IOException {
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(this.chain.apply(new MinimalGreeter().bindService()))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		GreeterGrpc.GreeterBlockingStub stub = GreeterGrpc.newBlockingStub(this.channel);
		Metadata headers = new Metadata();
		if (this.clientRequestId) {
			headers.put(RequestId.HEADER, "bench-request-0001");
		}
		if (this.chain == ServerChain.SECURITY) {
			headers.put(AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString("bench:secret".getBytes()));
		}
		stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
		this.stub = stub;
	}

	@TearDown
	public void tearDown() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Benchmark
	public HelloReply unary() {
		return this.stub.sayHello(REQUEST);
	}

}
