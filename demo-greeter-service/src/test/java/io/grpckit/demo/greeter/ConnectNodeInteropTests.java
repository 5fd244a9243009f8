package io.grpckit.demo.greeter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.grpckit.test.InteropClients;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that is not ours calls the greeter on its HTTP port: {@code @connectrpc/connect-node}
 * with its Connect transport (JSON and binary) and its gRPC-Web transport, unary and server
 * streaming, and the errors' codes, through {@code src/test/interop/run-connect-interop.sh}.
 * Skipped where Node 20+ and npm are missing, except in CI ({@code GRPCKIT_REQUIRE_TOOLS=true}),
 * which must run it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "grpckit.server.port=0")
class ConnectNodeInteropTests {

	@LocalServerPort
	int httpPort;

	@Test
	void connectAndGrpcWebTransportsPass() throws Exception {
		InteropClients.assumeInstalled("node 20+ and npm",
				List.of("node", "-e", "process.exit(Number(process.versions.node.split('.')[0]) >= 20 ? 0 : 1)"),
				List.of("npm", "--version"));
		String output = InteropClients.run(Path.of("src/test/interop/run-connect-interop.sh"),
				"http://127.0.0.1:" + this.httpPort, Duration.ofMinutes(5));
		assertThat(output).contains("interop: all clients passed");
	}

}
