package io.grpckit.demo.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.grpckit.test.InteropClients;
import io.grpckit.test.LocalGrpcPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

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
		InteropClients.assumeInstalled("python3-grpcio and python3-grpc-tools",
				List.of("/usr/bin/python3", "-c", "import grpc, grpc_tools"));
		String output = InteropClients.run(Path.of("src/test/interop/run-interop.sh"), "127.0.0.1:" + this.port,
				Duration.ofMinutes(5));
		assertThat(output).contains("interop: all clients passed").doesNotContain("FAIL");
	}

}
