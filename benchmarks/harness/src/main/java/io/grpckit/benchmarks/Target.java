package io.grpckit.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One server under test: how to start the process that serves the Greeter and the one that
 * serves FileTransfer (the same one, except for grpckit's two demos), and with which
 * {@code java} when not the runner's own ({@code null}).
 */
record Target(String name, String description, Command greeter, Command files, Supplier<Path> java) {

	/** The C1-only fast start, the first of {@link #FAST_STARTS}. */
	static final String FAST_START = "grpckit-fast-start";

	/**
	 * The greeter as {@code demo-greeter-service/fast-start.sh run} starts it, each from its own
	 * directory, which {@link Runner} prepares ({@code fast-start.sh prepare}) before timing: C1
	 * only on JDK 17 with CDS (the documented option), and the production modes that keep C2:
	 * CDS on JDK 17, the AOT cache on JDK 25 ({@code --java25}).
	 */
	static final List<FastStart> FAST_STARTS = List.of(new FastStart(FAST_START, "fast-start-c1", true, false),
			new FastStart("grpckit-cds", "fast-start-cds", false, false),
			new FastStart("grpckit-aot-cache", "fast-start-aot-cache", false, true));

	/** A fast-start variant: its target, directory under the greeter's target/, C1 only, JDK 25. */
	record FastStart(String target, String directory, boolean c1Only, boolean jdk25) {

	}

	Target(String name, String description, Command greeter, Command files) {
		this(name, description, greeter, files, null);
	}

	/** Builds the command line (after {@code java <jvm options>}) for a port and data directory. */
	@FunctionalInterface
	interface Command {

		List<String> arguments(int port, Path dataDirectory);

	}

	boolean separateFilesProcess() {
		return this.files != null;
	}

	static List<Target> all(Path repo, Path harnessJar, String observationArguments) {
		Path greeterJar = repo.resolve("demo-greeter-service/target/demo-greeter-service-0.1.0-SNAPSHOT.jar");
		Path filesJar = repo.resolve("demo-filetransfer-service/target/demo-filetransfer-service-0.1.0-SNAPSHOT.jar");
		Path minimalJar = repo.resolve(
				"benchmarks/grpckit-server/target/grpckit-benchmarks-grpckit-server-0.1.0-SNAPSHOT.jar");
		Path springJar = repo.resolve(
				"benchmarks/spring-grpc-server/target/grpckit-benchmarks-spring-grpc-server-0.1.0-SNAPSHOT.jar");
		List<String> observation = observationArguments.isBlank() ? List.of()
				: Arrays.asList(observationArguments.trim().split("\\s+"));
		List<Target> targets = new ArrayList<>();
		targets.add(new Target("plain", "plain grpc-java 1.83.1 (Netty), minimal services, no Spring",
				(port, data) -> List.of("-cp", harnessJar.toString(), "io.grpckit.benchmarks.plain.PlainServer",
						"--port=" + port, "--files-root=" + data),
				null));
		// plain on the executor grpckit uses by default: what the rest of the kit costs
		targets.add(new Target("plain-bounded",
				"plain grpc-java with grpckit's default executor (bounded pool of 200 threads)",
				(port, data) -> List.of("-cp", harnessJar.toString(), "io.grpckit.benchmarks.plain.PlainServer",
						"--port=" + port, "--files-root=" + data, "--executor=bounded"),
				null));
		// plain on a fixed pool of one thread per core, with the minimal services and with the
		// greeter demo's own service code: the demo's code costs plain-greeter against plain-fixed,
		// the kit the demo jar against plain-greeter (issue 21)
		targets.add(new Target("plain-fixed",
				"plain grpc-java on a fixed pool of one thread per core, minimal services",
				(port, data) -> List.of("-cp", harnessJar.toString(), "io.grpckit.benchmarks.plain.PlainServer",
						"--port=" + port, "--files-root=" + data, "--executor=fixed"),
				null));
		Path greeterClasses = repo.resolve("demo-greeter-service/target/classes");
		targets.add(new Target("plain-greeter",
				"plain grpc-java on a fixed pool of one thread per core serving the greeter demo's GreeterService "
						+ "(file modes: the minimal FileTransfer)",
				plainGreeter(harnessJar, greeterClasses, "fixed"), null));
		// the greeter is @NonBlocking: the same code on plain grpc-java's event loop is the floor
		// of the kit's own cost there
		targets.add(new Target("plain-greeter-direct",
				"plain grpc-java serving the greeter demo's GreeterService on the event loop (directExecutor(), "
						+ "where grpckit runs @NonBlocking services; file modes: the minimal FileTransfer)",
				plainGreeter(harnessJar, greeterClasses, "direct"), null));
		targets.add(new Target("grpckit", "grpckit demos as they ship (greeter, filetransfer), defaults",
				(port, data) -> demo(greeterJar, port, data, List.of()),
				(port, data) -> demo(filesJar, port, data, List.of())));
		// tracing (Micrometer Tracing on OpenTelemetry) is not in the demos: the harness build copies
		// it to tracing-libs, and Boot's PropertiesLauncher puts it on the demos' class path
		Path tracingLibs = harnessJar.resolveSibling("tracing-libs");
		targets.add(new Target("grpckit-observation",
				"grpckit demos + Micrometer Tracing (OpenTelemetry) with " + String.join(" ", observation),
				(port, data) -> traced(demo(greeterJar, port, data, observation), tracingLibs),
				(port, data) -> traced(demo(filesJar, port, data, observation), tracingLibs)));
		targets.add(new Target("grpckit-minimal",
				"grpckit server starter + Actuator, defaults, the minimal services of plain and spring-grpc",
				(port, data) -> List.of("-jar", minimalJar.toString(), "--grpckit.server.port=" + port,
						"--server.port=0", "--bench.files.root=" + data),
				null));
		// issue 21's second floor: the kit's cost with its call observation off
		targets.add(new Target("grpckit-minimal-unobserved",
				"grpckit-minimal with grpckit.server.observation.enabled=false",
				(port, data) -> List.of("-jar", minimalJar.toString(), "--grpckit.server.port=" + port,
						"--server.port=0", "--bench.files.root=" + data, "--grpckit.server.observation.enabled=false"),
				null));
		// the JDK and JVM options come from the prepared directory (demo-greeter-service/fast-start.sh
		// prepare), so the harness measures exactly what the script runs; file modes use the regular demo
		for (FastStart variant : FAST_STARTS) {
			Path directory = repo.resolve("demo-greeter-service/target").resolve(variant.directory());
			String mode = variant.jdk25() ? "JDK 25 AOT cache" : "JDK 17 CDS archive";
			targets.add(new Target(variant.target(),
					"grpckit greeter, demo-greeter-service/fast-start.sh (extracted jar, " + mode
							+ " from a training run, Spring AOT, lazy beans, "
							+ (variant.c1Only() ? "C1 only: FAST_START_C1=true)" : "C1 and C2)"),
					(port, data) -> fastStart(directory, greeterJar, port, data),
					(port, data) -> demo(filesJar, port, data, List.of()), () -> preparedJava(directory)));
		}
		targets.add(new Target("spring-grpc", "Spring Boot gRPC starter 4.1.0 + Actuator, minimal services",
				(port, data) -> List.of("-jar", springJar.toString(), "--spring.grpc.server.port=" + port,
						"--server.port=0", "--bench.files.root=" + data),
				null));
		return targets;
	}

	/** Plain grpc-java serving the greeter demo's own service on the given executor. */
	private static Command plainGreeter(Path harnessJar, Path greeterClasses, String executor) {
		return (port, data) -> List.of("-cp", harnessJar + File.pathSeparator + greeterClasses,
				"io.grpckit.benchmarks.plain.PlainServer", "--port=" + port, "--files-root=" + data,
				"--executor=" + executor, "--greeter=demo");
	}

	/**
	 * The demos and the minimal server as built in another checkout ({@code --baseline}), as
	 * {@code grpckit-baseline} and {@code grpckit-minimal-baseline}: a change measured against
	 * the build before it in the same run, alternating with it, on the same machine state.
	 */
	static List<Target> baseline(Path checkout) {
		Path greeterJar = checkout.resolve("demo-greeter-service/target/demo-greeter-service-0.1.0-SNAPSHOT.jar");
		Path filesJar = checkout
			.resolve("demo-filetransfer-service/target/demo-filetransfer-service-0.1.0-SNAPSHOT.jar");
		Path minimalJar = checkout.resolve(
				"benchmarks/grpckit-server/target/grpckit-benchmarks-grpckit-server-0.1.0-SNAPSHOT.jar");
		for (Path jar : List.of(greeterJar, filesJar, minimalJar)) {
			if (!Files.isRegularFile(jar)) {
				throw new IllegalArgumentException("--baseline: " + jar + " is missing; build that checkout first "
						+ "(./mvnw package -DskipTests -pl demo-greeter-service,demo-filetransfer-service,"
						+ "benchmarks/grpckit-server -am)");
			}
		}
		return List.of(
				new Target("grpckit-baseline", "grpckit demos built in " + checkout,
						(port, data) -> demo(greeterJar, port, data, List.of()),
						(port, data) -> demo(filesJar, port, data, List.of())),
				new Target("grpckit-minimal-baseline", "grpckit-minimal built in " + checkout,
						(port, data) -> List.of("-jar", minimalJar.toString(), "--grpckit.server.port=" + port,
								"--server.port=0", "--bench.files.root=" + data),
						null));
	}

	/** The same demo command, started by Boot's PropertiesLauncher with extra jars. */
	private static List<String> traced(List<String> demo, Path libs) {
		List<String> arguments = new ArrayList<>(List.of("-Dloader.path=" + libs, "-cp", demo.get(1),
				"org.springframework.boot.loader.launch.PropertiesLauncher"));
		arguments.addAll(demo.subList(2, demo.size()));
		return arguments;
	}

	private static List<String> fastStart(Path directory, Path greeterJar, int port, Path data) {
		try {
			List<String> arguments = new ArrayList<>(Files.readAllLines(directory.resolve("jvm-options")));
			arguments.addAll(demo(directory.resolve(greeterJar.getFileName()), port, data, List.of()));
			return arguments;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("fast start not prepared in " + directory, ex);
		}
	}

	private static Path preparedJava(Path directory) {
		try {
			return Path.of(Files.readString(directory.resolve("java")).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("fast start not prepared in " + directory, ex);
		}
	}

	private static List<String> demo(Path jar, int port, Path data, List<String> extra) {
		List<String> arguments = new ArrayList<>(List.of("-jar", jar.toString(), "--grpckit.server.port=" + port,
				"--server.port=0", "--grpckit.demo.files.root=" + data));
		arguments.addAll(extra);
		return arguments;
	}

}
