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
import io.grpckit.benchmarks.load.ProcessStats;
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
		Path java25 = java25();
		List<String> names = List.of(
				this.args.value("targets", "plain,plain-bounded,plain-fixed,plain-greeter,plain-greeter-direct,"
						+ "grpckit,grpckit-observation,grpckit-minimal,grpckit-minimal-unobserved,spring-grpc," + Target.FAST_START + ",grpckit-cds"
						+ ((java25 != null) ? ",grpckit-aot-cache" : ""))
					.split(","));
		List<Target> targets = all.stream().filter((t) -> names.contains(t.name())).toList();
		if (targets.size() != names.size()) {
			throw new IllegalArgumentException("--targets " + names + ": known targets are "
					+ all.stream().map(Target::name).toList() + " (the *-baseline ones with --baseline=<checkout>)");
		}
		List<String> loadOptions = loadOptions(quick);
		log("targets " + names + ", " + startups + " start-ups and " + rounds + " load rounds each, JVM options "
				+ this.jvmOptions + ", load " + loadOptions + ", results in " + this.out);
		for (Target.FastStart variant : Target.FAST_STARTS) {
			if (names.contains(variant.target())) {
				prepareFastStart(repo, variant, java25);
			}
		}
		warmUpProbe();
		for (int i = 1; i <= startups; i++) {
			for (Target target : targets) {
				try (ServerProcess server = start(target, target.greeter(), ServerProcess.Kind.GREETER, "startup-" + i)) {
					record(target, i, "startup.ms", server.startupMillis);
					record(target, i, "rss.ready_mib", server.readyRssKib / 1024.0);
					record(target, i, "startup.cpu_s", server.readyCpuNanos / 1e9);
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
			recordThreads(target, round, server);
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
		Path java = (target.java() != null) ? target.java().get() : this.java;
		return ServerProcess.start(java, this.jvmOptions, command, data, kind,
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
	 * Threads of the greeter server at the end of the load phase and, in the first round (each
	 * wait costs its length per target), after {@code --idle-wait} without calls (default 70 s:
	 * the 60 s keep-alive of grpckit's service pool and of grpc-java's cached pool, plus a margin),
	 * when threads added for the load should have retired.
	 */
	private void recordThreads(Target target, int round, ServerProcess server) throws InterruptedException {
		record(target, round, "threads.load", ProcessStats.threads(server.pid()));
		long idleMillis = Args.parseDuration(this.args.value("idle-wait", this.args.flag("quick") ? "0s" : "70s"))
			.toMillis();
		if (round == 1 && idleMillis > 0) {
			log(target.name() + ": " + idleMillis / 1000 + " s idle before counting threads again");
			Thread.sleep(idleMillis);
			record(target, round, "threads.idle", ProcessStats.threads(server.pid()));
		}
	}

	/**
	 * The JDK 25+ {@code java} for {@code grpckit-aot-cache}: {@code --java25}, else
	 * {@code $JAVA25_HOME/bin/java}, else the first {@code /usr/lib/jvm/*25*}; null if none.
	 */
	private Path java25() throws IOException {
		String given = this.args.value("java25", null);
		if (given != null) {
			return Path.of(given);
		}
		String home = System.getenv("JAVA25_HOME");
		if (home != null) {
			return Path.of(home, "bin", "java");
		}
		Path jvms = Path.of("/usr/lib/jvm");
		if (!Files.isDirectory(jvms)) {
			return null;
		}
		try (Stream<Path> homes = Files.list(jvms)) {
			return homes.filter((h) -> h.getFileName().toString().matches(".*\\b25\\b.*"))
				.map((h) -> h.resolve("bin/java"))
				.filter(Files::isExecutable)
				.sorted()
				.findFirst()
				.orElse(null);
		}
	}

	/**
	 * Extracts the greeter jar and writes the JVM's cache in a training run, with the JVM options
	 * of the measured runs and the JDK the variant needs; outside every timed part.
	 */
	private void prepareFastStart(Path repo, Target.FastStart variant, Path java25)
			throws IOException, InterruptedException {
		if (variant.jdk25() && java25 == null) {
			throw new IllegalArgumentException(variant.target() + " needs a JDK 25: --java25=/path/to/bin/java");
		}
		log("preparing " + variant.target() + " (demo-greeter-service/fast-start.sh prepare)");
		Path log = this.out.resolve("logs").resolve(variant.target() + "-prepare.log");
		ProcessBuilder builder = new ProcessBuilder("bash", repo.resolve("demo-greeter-service/fast-start.sh").toString(),
				"prepare")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("JAVA", (variant.jdk25() ? java25 : this.java).toString());
		builder.environment().put("JAVA_OPTS", String.join(" ", this.jvmOptions));
		builder.environment()
			.put("FAST_START_DIR", repo.resolve("demo-greeter-service/target").resolve(variant.directory()).toString());
		builder.environment().put("FAST_START_C1", Boolean.toString(variant.c1Only()));
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
