package io.grpckit.demo.files;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.grpckit.test.LocalGrpcPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A client that is not grpc-java calls the file-transfer demo as it ships: Python's grpcio (the
 * C core), through {@code src/test/interop/run-interop.sh}. Skipped where that client cannot
 * run, except in CI ({@code GRPCKIT_REQUIRE_TOOLS=true}), which installs it and must run this
 * test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "grpckit.server.port=0", "grpckit.server.shutdown.quiet-period=0s" })
class FileTransferInteropTests {

	@TempDir
	static Path root;

	@DynamicPropertySource
	static void storageRoot(DynamicPropertyRegistry registry) {
		registry.add("grpckit.demo.files.root", () -> root.toString());
	}

	@LocalGrpcPort
	int port;

	@Test
	void pythonClientPasses() throws Exception {
		boolean tools = canRun("/usr/bin/python3", "-c", "import grpc, grpc_tools");
		if (!"true".equals(System.getenv("GRPCKIT_REQUIRE_TOOLS"))) {
			assumeTrue(tools, "python3-grpcio and python3-grpc-tools are needed");
		}
		assertThat(tools).as("interop client installed (see .ci/run)").isTrue();
		Path log = Files.createTempFile("interop", ".log");
		Process process = new ProcessBuilder("sh", "src/test/interop/run-interop.sh", "--target",
				"127.0.0.1:" + this.port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
		String output = Files.readString(log);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("interop: all clients passed").doesNotContain("FAIL");
	}

	private static boolean canRun(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(new File("/dev/null"))
				.start();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
