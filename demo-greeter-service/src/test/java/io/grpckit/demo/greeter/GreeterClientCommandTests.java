package io.grpckit.demo.greeter;

import java.io.IOException;
import java.net.ServerSocket;

import io.grpckit.test.LocalGrpcPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code client} command against a running greeter: all four modes, and the exit status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "grpckit.server.port=0")
@ExtendWith(OutputCaptureExtension.class)
class GreeterClientCommandTests {

	@LocalGrpcPort
	int port;

	@Test
	void callsAllFourModesAndExitsZero(CapturedOutput output) {
		assertThat(runClient("--target=127.0.0.1:" + this.port, "--name=Dana", "--count=2")).isZero();
		assertThat(output.getOut()).contains("SayHello        -> Hello, Dana!", "[1] Hello, Dana!", "[2] Hello, Dana!",
				"SayHelloToAll   -> Hello, Alice, Bob, Carol! (3 names)", "[3] Hello, Carol!",
				"all four call modes succeeded");
	}

	@Test
	void exitsWithTheGrpcStatusCodeOnFailure(CapturedOutput output) throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		assertThat(runClient("--target=127.0.0.1:" + closed, "--deadline=3s")).isEqualTo(14);
		assertThat(output.getOut()).contains("failed: UNAVAILABLE");
	}

	@Test
	void invalidArgumentIsReportedWithItsMessage(CapturedOutput output) {
		assertThat(runClient("--target=127.0.0.1:" + this.port, "--name= ")).isEqualTo(3);
		assertThat(output.getOut()).contains("failed: INVALID_ARGUMENT: name");
	}

	private static int runClient(String... args) {
		SpringApplication client = new SpringApplication(GreeterApplication.class);
		// as when main() runs it; with AOT on, GreeterApplication's generated initializer is used
		client.setMainApplicationClass(GreeterApplication.class);
		client.setAdditionalProfiles("client");
		client.setWebApplicationType(WebApplicationType.NONE);
		ConfigurableApplicationContext context = client.run(args);
		return SpringApplication.exit(context);
	}

}
