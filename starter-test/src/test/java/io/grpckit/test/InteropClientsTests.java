package io.grpckit.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@link InteropClients} with real scripts and commands.
 */
class InteropClientsTests {

	@TempDir
	Path directory;

	@Test
	void runPassesTheTargetAndReturnsTheOutput() throws Exception {
		Path script = script("echo \"called with $1 $2\"");
		assertThat(InteropClients.run(script, "127.0.0.1:1234", Duration.ofSeconds(30)))
			.isEqualTo("called with --target 127.0.0.1:1234\n");
	}

	@Test
	void runFailsOnANonZeroExitWithTheOutput() throws Exception {
		Path script = script("echo 'interop: FAILED'; exit 3");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> InteropClients.run(script, "127.0.0.1:1", Duration.ofSeconds(30)))
			.withMessageContaining("exited with 3")
			.withMessageContaining("interop: FAILED");
	}

	@Test
	void installedToolsPass() {
		assertThatNoException().isThrownBy(() -> InteropClients.assumeInstalled("sh", List.of("sh", "-c", "exit 0")));
	}

	@Test
	void missingToolsSkipTheTestOutsideCi() {
		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> InteropClients.assumeInstalled(false, "no-such-tool",
					List.of(List.of("sh", "-c", "exit 0"), List.of("grpckit-no-such-tool"))))
			.withMessageContaining("no-such-tool are needed");
	}

	@Test
	void missingToolsFailTheTestWhereRequired() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> InteropClients.assumeInstalled(true, "no-such-tool",
					List.of(List.of("grpckit-no-such-tool"))))
			.withMessageContaining("no-such-tool are needed, and " + InteropClients.REQUIRE_TOOLS + "=true");
	}

	private Path script(String body) throws Exception {
		Path script = this.directory.resolve("clients.sh");
		Files.writeString(script, body + "\n");
		return script;
	}

}
