package io.grpckit.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.grpc.Server;
import io.grpckit.benchmarks.plain.PlainServer;

/**
 * Runs the whole comparison: start-up rounds, then load rounds that alternate the targets
 * (A B C D A B C D ...) so machine drift hits all alike, and prints a table of medians with
 * each target's ratio to plain grpc-java. Started by {@code benchmarks/run.sh}; see
 * {@code docs/benchmarks.md} for the options.
 */
public final class Runner {

	/** Load generator options passed through as given. */
	private static final List<String> LOAD_OPTIONS = List.of("concurrency", "channels", "unary-warmup",
			"unary-duration", "streams", "stream-count", "stream-warmup", "stream-duration", "chats", "bidi-warmup",
			"bidi-duration", "file-size", "file-warmup-reps", "file-reps");

	private static final Map<String, String> QUICK = Map.ofEntries(Map.entry("unary-warmup", "3s"),
			Map.entry("unary-duration", "5s"), Map.entry("stream-warmup", "2s"), Map.entry("stream-duration", "3s"),
			Map.entry("bidi-warmup", "2s"), Map.entry("bidi-duration", "3s"), Map.entry("file-size", "64MiB"),
			Map.entry("file-warmup-reps", "0"), Map.entry("file-reps", "1"));

	private final Args args;

	private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

	private final Path harnessJar;

	private final List<String> jvmOptions;

	private final Path out;

	/** target name, metric, one value per round */
	private final Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();

	private final List<String> csv = new ArrayList<>(List.of("target,round,metric,value"));

	private Runner(Args args) throws IOException {
		this.args = args;
		this.harnessJar = Path.of(Runner.class.getProtectionDomain().getCodeSource().getLocation().getPath());
		this.jvmOptions = Arrays.asList(args.value("jvm-opts", "-Xms64m -Xmx512m -XX:+UseG1GC").trim().split("\\s+"));
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		this.out = Path.of(args.value("out", "benchmarks/target/bench-results/" + stamp)).toAbsolutePath();
		Files.createDirectories(this.out.resolve("logs"));
	}

	public static void main(String[] arguments) throws Exception {
		new Runner(Args.parse(arguments)).run();
		System.exit(0);
	}

	private void run() throws Exception {
		boolean quick = this.args.flag("quick");
		int rounds = this.args.intValue("rounds", quick ? 1 : 3);
		int startups = this.args.intValue("startups", quick ? 2 : 5);
		Path repo = Path.of(this.args.value("repo", ".")).toAbsolutePath().normalize();
		List<Target> all = new ArrayList<>(Target.all(repo, this.harnessJar,
				this.args.value("observation-args", "--management.tracing.sampling.probability=0.1")));
		String baseline = this.args.value("baseline", null);
		if (baseline != null) {
			all.addAll(Target.baseline(Path.of(baseline).toAbsolutePath().normalize()));
		}
		List<String> names = List.of(
				this.args.value("targets", "plain,plain-bounded,plain-fixed,plain-greeter,grpckit,grpckit-observation,"
						+ "grpckit-minimal,spring-grpc," + Target.FAST_START).split(","));
		List<Target> targets = all.stream().filter((t) -> names.contains(t.name())).toList();
		if (targets.size() != names.size()) {
			throw new IllegalArgumentException("--targets " + names + ": known targets are "
					+ all.stream().map(Target::name).toList() + " (the *-baseline ones with --baseline=<checkout>)");
		}
		List<String> loadOptions = loadOptions(quick);
		log("targets " + names + ", " + startups + " start-ups and " + rounds + " load rounds each, JVM options "
				+ this.jvmOptions + ", load " + loadOptions + ", results in " + this.out);
		if (names.contains(Target.FAST_START)) {
			prepareFastStart(repo);
		}
		warmUpProbe();
		for (int i = 1; i <= startups; i++) {
			for (Target target : targets) {
				try (ServerProcess server = start(target, target.greeter(), ServerProcess.Kind.GREETER, "startup-" + i)) {
					record(target, i, "startup.ms", server.startupMillis);
					record(target, i, "rss.ready_mib", server.readyRssKib / 1024.0);
					log(target.name() + " start-up " + i + ": " + Math.round(server.startupMillis) + " ms, RSS "
							+ server.readyRssKib / 1024 + " MiB");
				}
			}
		}
		for (int round = 1; round <= rounds; round++) {
			for (Target target : targets) {
				runLoad(target, round, loadOptions);
			}
		}
		Report report = new Report(targets, this.samples, this.jvmOptions, rounds, startups, loadOptions);
		String markdown = report.markdown();
		Files.writeString(this.out.resolve("results.md"), markdown);
		Files.write(this.out.resolve("samples.csv"), this.csv);
		System.out.println();
		System.out.println(markdown);
		log("written " + this.out.resolve("results.md") + " and samples.csv");
	}

	private void runLoad(Target target, int round, List<String> loadOptions) throws Exception {
		String label = target.name() + "-round-" + round;
		Path data = this.out.resolve("data").resolve(label);
		ServerProcess server = start(target, target.greeter(), ServerProcess.Kind.GREETER, label);
		try {
			log(target.name() + " round " + round + ": greeter modes");
			loadGenerator(target, round, server, List.of("unary", "stream", "bidi"), loadOptions, label);
			record(target, round, "rss.peak_mib", server.peakRssKib() / 1024.0);
			if (target.separateFilesProcess()) {
				server.close();
				server = start(target, target.files(), ServerProcess.Kind.FILES, label + "-files");
			}
			log(target.name() + " round " + round + ": file modes");
			loadGenerator(target, round, server, List.of("upload", "download"), loadOptions, label);
		}
		finally {
			server.close();
			deleteRecursively(data);
		}
	}

	private ServerProcess start(Target target, Target.Command command, ServerProcess.Kind kind, String label)
			throws IOException {
		Path data = this.out.resolve("data").resolve(label.replace("-files", ""));
		return ServerProcess.start(this.java, this.jvmOptions, command, data, kind,
				this.out.resolve("logs").resolve(target.name() + "-" + label + ".log"));
	}

	private void loadGenerator(Target target, int round, ServerProcess server, List<String> modes,
			List<String> loadOptions, String label) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(this.java.toString());
		command.addAll(this.jvmOptions);
		command.addAll(List.of("-cp", this.harnessJar.toString(), "io.grpckit.benchmarks.load.LoadGenerator",
				"--target=127.0.0.1:" + server.port, "--server-pid=" + server.pid(), "--modes=" + String.join(",", modes),
				"--file-dir=" + this.out.getParent()));
		command.addAll(loadOptions);
		Path log = this.out.resolve("logs").resolve("loadgen-" + label + "-" + modes.get(0) + ".log");
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("RESULT ")) {
					String[] pair = line.substring(7).split("=", 2);
					record(target, round, pair[0], Double.parseDouble(pair[1]));
				}
			}
		}
		int exit = process.waitFor();
		if (exit != 0) {
			log("load generator failed (exit " + exit + "), see " + log);
			record(target, round, "loadgen.failures", 1);
		}
	}

	private List<String> loadOptions(boolean quick) {
		List<String> options = new ArrayList<>();
		for (String key : LOAD_OPTIONS) {
			String value = this.args.value(key, quick ? QUICK.get(key) : null);
			if (value != null) {
				options.add("--" + key + "=" + value);
			}
		}
		return options;
	}

	/**
	 * Extracts the greeter jar and writes its CDS archive in a training run, with the JVM options
	 * of the measured runs; outside every timed part.
	 */
	private void prepareFastStart(Path repo) throws IOException, InterruptedException {
		log("preparing " + Target.FAST_START + " (demo-greeter-service/fast-start.sh prepare)");
		Path log = this.out.resolve("logs").resolve(Target.FAST_START + "-prepare.log");
		ProcessBuilder builder = new ProcessBuilder("bash", repo.resolve("demo-greeter-service/fast-start.sh").toString(),
				"prepare")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("JAVA", this.java.toString());
		builder.environment().put("JAVA_OPTS", String.join(" ", this.jvmOptions));
		int exit = builder.start().waitFor();
		if (exit != 0) {
			throw new IllegalStateException("fast start preparation failed (exit " + exit + "), see " + log);
		}
	}

	/** The first gRPC call of this JVM loads many classes: do it before any start-up is timed. */
	private void warmUpProbe() throws Exception {
		Path data = Files.createTempDirectory("grpckit-bench-probe");
		Server server = PlainServer.start(0, data);
		try {
			io.grpc.ManagedChannel channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
				.forAddress("127.0.0.1", server.getPort())
				.usePlaintext()
				.build();
			for (int i = 0; i < 20; i++) {
				ServerProcess.call(channel, ServerProcess.Kind.GREETER);
				ServerProcess.call(channel, ServerProcess.Kind.FILES);
			}
			channel.shutdownNow();
		}
		finally {
			server.shutdownNow();
			deleteRecursively(data);
		}
	}

	private void record(Target target, int round, String metric, double value) {
		this.samples.computeIfAbsent(target.name(), (k) -> new LinkedHashMap<>())
			.computeIfAbsent(metric, (k) -> new ArrayList<>())
			.add(value);
		this.csv.add(target.name() + "," + round + "," + metric + "," + value);
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private static void log(String message) {
		System.err.println("[" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + message);
	}

}
