package io.grpckit.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpckit.benchmarks.services.MinimalGreeter;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import io.grpckit.server.http.GrpcHttpBridge;
import io.grpckit.server.http.GrpcHttpExchange;
import io.grpckit.server.http.GrpcHttpGateway;
import io.grpckit.server.http.HttpPart;
import io.grpckit.server.http.HttpRequestHead;
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
 * Per-request cost of the kit's JSON transcoding without the web server: what the Spring MVC
 * adapter asks of the gateway for {@code GET /v1/greeter/hello/bench}, on the benchmark
 * thread (the bridge's in-process server and channel on {@code directExecutor()}, so there is
 * no thread hand-off; the real server has one, measured by {@code benchmarks/http.sh}).
 * <ul>
 * <li>{@code route}: find the route and bind nothing yet ({@code GrpcHttpGateway.route});</li>
 * <li>{@code transcode}: route, bind the request, make the in-process call, print the JSON, hand the
 * parts to a subscriber as the adapter does (one at a time);</li>
 * <li>{@code grpcInProcess}: the same call with a blocking stub on the same in-process server, no
 * HTTP, for comparison;</li>
 * <li>{@code json}: only printing the reply with JsonFormat.</li>
 * </ul>
 * {@code chain}: the service bare, or wrapped as the starter does with Actuator ({@code KIT_OBSERVED}).
 * <p>
 * On a machine shared with other work JMH's wall-clock times swing widely; {@link #main} measures
 * the benchmark thread's CPU time per operation instead, which stays within a few percent:
 * {@code java -cp grpckit-benchmarks.jar io.grpckit.benchmarks.jmh.HttpTranscodingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m", "-XX:+UseG1GC" })
public class HttpTranscodingBenchmark {

	private static final HelloReply REPLY = HelloReply.newBuilder().setMessage("Hello, bench!").build();

	private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
		.omittingInsignificantWhitespace()
		.alwaysPrintFieldsWithNoPresence();

	private static final byte[] NO_BODY = new byte[0];

	@Param({ "BARE", "KIT_OBSERVED" })
	public ServerChain chain;

	private GrpcHttpBridge bridge;

	private Server server;

	private GrpcHttpGateway gateway;

	private HttpRequestHead head;

	private Server grpcServer;

	private ManagedChannel channel;

	private GreeterGrpc.GreeterBlockingStub stub;

	@Setup
	public void setUp() throws Exception {
		this.bridge = new GrpcHttpBridge(List.of((builder) -> builder.directExecutor()));
		MinimalGreeter greeter = new MinimalGreeter();
		this.server = this.bridge.createServer(List.of(this.chain.apply(greeter.bindService()))).start();
		this.gateway = GrpcHttpGateway.builder(this.bridge, List.of(greeter.bindService()))
			.json(true, false, true, false)
			.build();
		// the headers curl sends, as the servlet adapter hands them over
		this.head = new HttpRequestHead("GET", "/v1/greeter/hello/bench", null, Map.of("host",
				List.of("127.0.0.1:8080"), "user-agent", List.of("curl/7.88.1"), "accept", List.of("*/*")));
		String name = InProcessServerBuilder.generateName();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		// the blocking stub's own server, wrapped the same way
		this.grpcServer = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(this.chain.apply(greeter.bindService()))
			.build()
			.start();
		this.stub = GreeterGrpc.newBlockingStub(this.channel);
		List<HttpPart> parts = transcode();
		if (parts.size() != 2 || !(parts.get(0) instanceof HttpPart.Head head) || head.status() != 200) {
			throw new IllegalStateException("unexpected answer: " + parts);
		}
	}

	@TearDown
	public void tearDown() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.grpcServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.bridge.destroy();
	}

	@Benchmark
	public GrpcHttpExchange route() {
		return this.gateway.route(this.head);
	}

	@Benchmark
	public List<HttpPart> transcode() {
		GrpcHttpExchange exchange = this.gateway.route(this.head);
		Collector collector = new Collector();
		exchange.execute(NO_BODY).subscribe(collector);
		if (!collector.complete) {
			throw new IllegalStateException("the call did not complete on the calling thread");
		}
		return collector.parts;
	}

	@Benchmark
	public HelloReply grpcInProcess() {
		return this.stub.sayHello(HelloRequest.newBuilder().setName("bench").build());
	}

	@Benchmark
	public String json() throws InvalidProtocolBufferException {
		return PRINTER.print(REPLY);
	}

	/**
	 * Thread CPU time per operation of each benchmark method, in rounds of 200,000 operations
	 * (the first rounds warm up).
	 * @param args the chains (default {@code BARE,KIT_OBSERVED}) and the number of rounds (5)
	 */
	public static void main(String[] args) throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		for (String chain : ((args.length > 0) ? args[0] : "BARE,KIT_OBSERVED").split(",")) {
			HttpTranscodingBenchmark benchmark = new HttpTranscodingBenchmark();
			benchmark.chain = ServerChain.valueOf(chain);
			benchmark.setUp();
			Map<String, Callable<?>> operations = new LinkedHashMap<>();
			operations.put("route", benchmark::route);
			operations.put("json", benchmark::json);
			operations.put("grpcInProcess", benchmark::grpcInProcess);
			operations.put("transcode", benchmark::transcode);
			for (int round = 1; round <= rounds; round++) {
				StringBuilder line = new StringBuilder(chain + ", round " + round + ", CPU ns/op:");
				for (Map.Entry<String, Callable<?>> operation : operations.entrySet()) {
					int count = 200_000;
					long start = threads.getCurrentThreadCpuTime();
					for (int i = 0; i < count; i++) {
						operation.getValue().call();
					}
					long cpu = threads.getCurrentThreadCpuTime() - start;
					line.append(String.format(" %s %.0f", operation.getKey(), cpu / (double) count));
				}
				System.out.println(line);
			}
			benchmark.tearDown();
		}
		System.exit(0);
	}

	/** Takes one part at a time, as the servlet adapter does. */
	private static final class Collector implements Flow.Subscriber<HttpPart> {

		final List<HttpPart> parts = new ArrayList<>(2);

		private Flow.Subscription subscription;

		boolean complete;

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(1);
		}

		@Override
		public void onNext(HttpPart item) {
			this.parts.add(item);
			this.subscription.request(1);
		}

		@Override
		public void onError(Throwable throwable) {
			throw new IllegalStateException(throwable);
		}

		@Override
		public void onComplete() {
			this.complete = true;
		}

	}

}
