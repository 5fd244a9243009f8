package io.grpckit.demo.greeter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.grpckit.test.LocalGrpcPort;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Clients that are not grpc-java call the greeter as it ships: Python's grpcio (the C core)
 * and Node's @grpc/grpc-js, through {@code src/test/interop/run-interop.sh}. Skipped where
 * those clients cannot run, except in CI ({@code GRPCKIT_REQUIRE_TOOLS=true}), which installs
 * them and must run this test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "grpckit.server.port=0")
class GreeterInteropTests {

	@LocalGrpcPort
	int port;

	@Test
	void pythonAndNodeClientsPass() throws Exception {
		boolean tools = canRun("/usr/bin/python3", "-c", "import grpc, grpc_tools") && canRun("node", "--version")
				&& canRun("npm", "--version");
		if (!"true".equals(System.getenv("GRPCKIT_REQUIRE_TOOLS"))) {
			assumeTrue(tools, "python3-grpcio, python3-grpc-tools, node and npm are needed");
		}
		assertThat(tools).as("interop clients installed (see .ci/run)").isTrue();
		Path log = Files.createTempFile("interop", ".log");
		Process process = new ProcessBuilder("sh", "src/test/interop/run-interop.sh", "--target",
				"127.0.0.1:" + this.port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
		String output = Files.readString(log);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("interop: all clients passed");
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
