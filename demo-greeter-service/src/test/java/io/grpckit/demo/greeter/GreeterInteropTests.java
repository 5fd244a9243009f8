package io.grpckit.demo.greeter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.grpckit.test.InteropClients;
import io.grpckit.test.LocalGrpcPort;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

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
		InteropClients.assumeInstalled("python3-grpcio, python3-grpc-tools, node and npm",
				List.of("/usr/bin/python3", "-c", "import grpc, grpc_tools"), List.of("node", "--version"),
				List.of("npm", "--version"));
		String output = InteropClients.run(Path.of("src/test/interop/run-interop.sh"), "127.0.0.1:" + this.port,
				Duration.ofMinutes(5));
		assertThat(output).contains("interop: all clients passed");
	}

}
