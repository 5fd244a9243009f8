package io.grpckit.test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs clients written in other languages (Python's grpcio, Node's grpc-js...) against the
 * server under test, through a script of the application's that takes
 * {@code --target host:port}. Where their tools are missing the test is skipped, unless the
 * environment variable {@value #REQUIRE_TOOLS} is {@code true} (as in CI), which makes it fail.
 */
public final class InteropClients {

	/** Environment variable that turns a missing tool from a skipped test into a failure. */
	public static final String REQUIRE_TOOLS = "GRPCKIT_REQUIRE_TOOLS";

	private InteropClients() {
	}

	/**
	 * Skip the test unless every command runs and exits 0 within 30 seconds; fail it instead
	 * when {@value #REQUIRE_TOOLS} is {@code true}.
	 * @param tools what the commands need, for the message, e.g. {@code "node and npm"}
	 * @param commands the commands that prove the tools are there, e.g.
	 * {@code List.of("node", "--version")}
	 */
	@SafeVarargs
	public static void assumeInstalled(String tools, List<String>... commands) {
		assumeInstalled("true".equals(System.getenv(REQUIRE_TOOLS)), tools, Arrays.asList(commands));
	}

	static void assumeInstalled(boolean required, String tools, List<List<String>> commands) {
		boolean installed = commands.stream().allMatch(InteropClients::canRun);
		if (!required) {
			Assumptions.assumeTrue(installed, tools + " are needed");
		}
		if (!installed) {
			throw new AssertionError(tools + " are needed, and " + REQUIRE_TOOLS + "=true");
		}
	}

	/**
	 * Run the script with {@code sh} and {@code --target <target>} and return its output
	 * (standard output and error), failing when it takes too long or exits with a status
	 * other than 0.
	 * @param script the script, relative to the working directory (the module's, under Maven)
	 * @param target the server, as {@code host:port}
	 * @param timeout how long the script may take
	 * @return what the script printed
	 * @throws IOException when the script cannot be started or its output not read
	 * @throws InterruptedException when interrupted while waiting
	 */
	public static String run(Path script, String target, Duration timeout) throws IOException, InterruptedException {
		Path log = Files.createTempFile("interop", ".log");
		Process process = new ProcessBuilder("sh", script.toString(), "--target", target).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(script + " did not finish within " + timeout + ":\n" + Files.readString(log));
			}
			String output = Files.readString(log);
			if (process.exitValue() != 0) {
				throw new AssertionError(script + " exited with " + process.exitValue() + ":\n" + output);
			}
			return output;
		}
		finally {
			process.destroyForcibly();
			Files.deleteIfExists(log);
		}
	}

	private static boolean canRun(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(new File("/dev/null"))
				.start();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
