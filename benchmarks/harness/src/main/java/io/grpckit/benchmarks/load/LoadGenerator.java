package io.grpckit.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpckit.benchmarks.Args;

/**
 * The load generator, a grpc-java client in its own JVM. Runs the chosen modes one after the
 * other against one server and prints one {@code RESULT key=value} line per number.
 * <pre>
 * java -cp grpckit-benchmarks.jar io.grpckit.benchmarks.load.LoadGenerator --target=localhost:9090 \
 *   --server-pid=1234 --modes=unary,stream,bidi,upload,download
 * </pre>
 * Options (defaults in brackets): {@code --concurrency} [64], {@code --channels} [4],
 * {@code --unary-warmup} [40s], {@code --unary-duration} [20s], {@code --streams} [4],
 * {@code --stream-count} [10000], {@code --stream-warmup} [5s], {@code --stream-duration} [10s],
 * {@code --chats} [16], {@code --bidi-warmup} [5s], {@code --bidi-duration} [10s],
 * {@code --file-size} [256MiB], {@code --file-dir} [system temp], {@code --file-warmup-reps} [1],
 * {@code --file-reps} [3]; mode {@code overload} (not in the default modes, see OverloadLoad):
 * {@code --overload-threads} [16], {@code --overload-delay-ms} [10], {@code --overload-factor} [3],
 * {@code --overload-capacity} [measured], {@code --overload-deadline} [1s],
 * {@code --overload-duration} [20s]; mode {@code http} (not in the default modes, see
 * {@link #runHttp}): {@code --http-target} [the target's host, port 8080], {@code --http-concurrency}
 * [32], {@code --http-warmup-rounds} [0], {@code --http-rounds} [1], {@code --http-warmup}
 * [10s], {@code --http-duration} [20s], {@code --http-legs} [transcoded,controller,grpc].
 */
public final class LoadGenerator {

	private LoadGenerator() {
	}

	public static void main(String[] arguments) throws Exception {
		Map<String, Double> results = run(Args.parse(arguments));
		results.forEach((key, value) -> System.out.println("RESULT " + key + "=" + value));
		System.out.flush();
		// channels are closed; the JVM ends even if a Netty thread lingers
		System.exit(0);
	}

	public static Map<String, Double> run(Args args) throws Exception {
		String[] target = args.value("target", "localhost:9090").split(":");
		String host = target[0];
		int port = Integer.parseInt(target[1]);
		long serverPid = Long.parseLong(args.value("server-pid", "-1"));
		Set<String> modes = Set.of(args.value("modes", "unary,stream,bidi,upload,download").split(","));
		Map<String, Double> results = new LinkedHashMap<>();
		List<ManagedChannel> channels = new ArrayList<>();
		for (int i = 0; i < args.intValue("channels", 4); i++) {
			// callbacks only count and start the next call: run them on the event loop
			channels.add(NettyChannelBuilder.forAddress(host, port).usePlaintext().directExecutor().build());
		}
		try {
			if (modes.contains("unary")) {
				new UnaryLoad(channels, args.intValue("concurrency", 64)).run(
						args.duration("unary-warmup", Duration.ofSeconds(40)),
						args.duration("unary-duration", Duration.ofSeconds(20)), serverPid, results);
			}
			if (modes.contains("stream")) {
				new StreamingLoad(channels, args.intValue("streams", 4)).runServerStreaming(
						args.intValue("stream-count", 10_000), args.duration("stream-warmup", Duration.ofSeconds(5)),
						args.duration("stream-duration", Duration.ofSeconds(10)), serverPid, results);
			}
			if (modes.contains("bidi")) {
				new StreamingLoad(channels, args.intValue("chats", 16)).runPingPong(
						args.duration("bidi-warmup", Duration.ofSeconds(5)),
						args.duration("bidi-duration", Duration.ofSeconds(10)), serverPid, results);
			}
			if (modes.contains("overload")) {
				new OverloadLoad(channels).run(args.intValue("overload-threads", 16),
						args.intValue("overload-delay-ms", 10), Double.parseDouble(args.value("overload-factor", "3")),
						Double.parseDouble(args.value("overload-capacity", "0")),
						args.duration("overload-deadline", Duration.ofSeconds(1)),
						args.duration("overload-duration", Duration.ofSeconds(20)), results);
			}
			if (modes.contains("http")) {
				runHttp(args, host, channels, serverPid, results);
			}
			if (modes.contains("upload") || modes.contains("download")) {
				// file handlers read the disk: keep them off the event loop
				ManagedChannel files = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
				try {
					Path directory = Path.of(args.value("file-dir", System.getProperty("java.io.tmpdir")))
						.resolve("grpckit-bench-payload");
					new FileLoad(files, directory, args.bytes("file-size", 256L << 20)).run(modes.contains("upload"),
							modes.contains("download"), args.intValue("file-warmup-reps", 1),
							args.intValue("file-reps", 3), results);
				}
				finally {
					files.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
				}
			}
		}
		finally {
			for (ManagedChannel channel : channels) {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
		return results;
	}

	/**
	 * SayHello three ways on one server, one after the other, each closed loop with the same
	 * number of requests in flight, a warm-up and a measured window: {@code transcoded} is
	 * {@code GET /v1/greeter/hello/{name}} (the kit's JSON transcoding), {@code controller}
	 * {@code GET /controller/greeter/hello/{name}} (a hand-written Spring MVC controller that
	 * answers the same JSON; the benchmark's grpckit server has one), both over the same
	 * HTTP/1.1 client, and {@code grpc} the same call over gRPC. Before measuring, both HTTP
	 * routes are fetched once and must answer the same body. With several rounds the legs
	 * alternate (a b c a b c ...), so that a machine whose speed drifts (other work on it) hits
	 * all three alike; warm-up rounds run first and are not counted (the JIT compiles all three
	 * paths); each number is the median over the rounds, and the ratios are the medians of each
	 * round's ratio; each round's own numbers are reported as {@code http.round<i>.*}.
	 */
	static void runHttp(Args args, String host, List<ManagedChannel> channels, long serverPid,
			Map<String, Double> results) throws Exception {
		String[] httpTarget = args.value("http-target", host + ":8080").split(":");
		int concurrency = args.intValue("http-concurrency", 32);
		int warmupRounds = args.intValue("http-warmup-rounds", 0);
		int rounds = args.intValue("http-rounds", 1);
		Duration warmup = args.duration("http-warmup", Duration.ofSeconds(10));
		Duration duration = args.duration("http-duration", Duration.ofSeconds(20));
		List<String> legs = List.of(args.value("http-legs", "transcoded,controller,grpc").split(","));
		HttpLoad http = new HttpLoad(httpTarget[0], Integer.parseInt(httpTarget[1]), concurrency);
		String transcoded = "/v1/greeter/hello/bench";
		String controller = "/controller/greeter/hello/bench";
		if (legs.contains("transcoded") && legs.contains("controller")) {
			String expected = http.fetch(controller);
			String actual = http.fetch(transcoded);
			System.out.println("# " + transcoded + " answers " + actual + ", " + controller + " " + expected);
			if (!actual.equals(expected)) {
				throw new IllegalStateException("the transcoded route and the controller answer different JSON: "
						+ actual + " and " + expected);
			}
		}
		List<Map<String, Double>> perRound = new ArrayList<>();
		for (int round = 1 - warmupRounds; round <= rounds; round++) {
			Map<String, Double> numbers = new LinkedHashMap<>();
			for (String leg : legs) {
				switch (leg) {
					case "transcoded" -> http.run("http.transcoded", transcoded, warmup, duration, serverPid, numbers);
					case "controller" -> http.run("http.controller", controller, warmup, duration, serverPid, numbers);
					case "grpc" -> new UnaryLoad(channels, concurrency, "http.grpc").run(warmup, duration, serverPid,
							numbers);
					default -> throw new IllegalArgumentException("--http-legs: unknown " + leg);
				}
			}
			if (round < 1) {
				// a warm-up round: the JIT is still compiling the three paths
				continue;
			}
			Double kit = numbers.get("http.transcoded.server_cpu_us_per_req");
			Double baseline = numbers.get("http.controller.server_cpu_us_per_req");
			if (kit != null && baseline != null && kit > 0 && baseline > 0) {
				numbers.put("http.cpu_ratio_transcoded_to_controller", kit / baseline);
				numbers.put("http.rps_ratio_transcoded_to_controller",
						numbers.get("http.transcoded.rps") / numbers.get("http.controller.rps"));
			}
			perRound.add(numbers);
		}
		for (String key : perRound.get(0).keySet()) {
			results.put(key, median(perRound.stream().map((numbers) -> numbers.get(key)).toList()));
		}
		if (rounds > 1) {
			for (int round = 1; round <= rounds; round++) {
				int r = round;
				perRound.get(round - 1)
					.forEach((key, value) -> results.put(key.replaceFirst("^http\\.", "http.round" + r + "."), value));
			}
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().filter((value) -> value != null).sorted().toList();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

}
