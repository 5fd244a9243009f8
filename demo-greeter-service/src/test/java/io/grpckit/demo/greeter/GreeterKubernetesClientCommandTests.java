package io.grpckit.demo.greeter;

import java.net.InetAddress;
import java.util.HashMap;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.grpckit.test.LocalGrpcPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * The {@code client} command reaches greeters through {@code kubernetes:///greeter.demo},
 * resolved against fabric8's MOCK Kubernetes API server (kubernetes-server-mock in CRUD mode;
 * no cluster runs). The test writes the Service's EndpointSlices as Kubernetes would: two
 * greeters (this test's application and a plain grpc-java one), each in its own slice since
 * their ports differ.
 */
// the server's context keeps its kubernetes:/// resolver off: grpc-java's resolver registry is
// global, and the client command's own resolver (pointing at the mock) must be the one used
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "grpckit.server.port=0", "grpckit.discovery.kubernetes.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class GreeterKubernetesClientCommandTests {

	@LocalGrpcPort
	int port;

	private final KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(),
			new HashMap<>(), new KubernetesCrudDispatcher(), false);

	private GreeterTestServer second;

	@BeforeEach
	void writeEndpointSlices() throws Exception {
		this.api.init(InetAddress.getLoopbackAddress(), 0);
		this.second = GreeterTestServer.start();
		try (KubernetesClient client = this.api.createClient()) {
			client.resource(slice("greeter-a", this.port, "greeter-5d8f-a")).create();
			client.resource(slice("greeter-b", this.second.port(), "greeter-5d8f-b")).create();
		}
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.second.close();
		this.api.destroy();
	}

	@Test
	void clientCommandReachesGreetersThroughKubernetes(CapturedOutput output) {
		assertThat(runClient("--target=kubernetes:///greeter.demo",
				"--grpckit.discovery.kubernetes.api-url=http://127.0.0.1:" + this.api.getPort(), "--name=Kube",
				"--count=2", "--deadline=60s"))
			.as("exit status; %s requests reached the mock API server", this.api.getRequestCount())
			.isZero();
		assertThat(output.getOut()).contains("SayHello        -> Hello, Kube!", "all four call modes succeeded");
	}

	private static EndpointSlice slice(String name, int port, String pod) {
		return new EndpointSliceBuilder().withNewMetadata()
			.withName(name)
			.withNamespace("demo")
			.addToLabels("kubernetes.io/service-name", "greeter")
			.endMetadata()
			.withAddressType("IPv4")
			.addNewPort()
			.withName("grpc")
			.withPort(port)
			.withProtocol("TCP")
			.endPort()
			.addNewEndpoint()
			.withAddresses("127.0.0.1")
			.withNewConditions()
			.withReady(true)
			.endConditions()
			.withNewTargetRef()
			.withKind("Pod")
			.withName(pod)
			.endTargetRef()
			.endEndpoint()
			.build();
	}

	// a generous deadline: the first call waits for the Kubernetes client's creation and first
	// list, slow on a loaded machine
	private static int runClient(String... args) {
		SpringApplication client = new SpringApplication(GreeterApplication.class);
		client.setMainApplicationClass(GreeterApplication.class);
		client.setAdditionalProfiles("client");
		client.setWebApplicationType(WebApplicationType.NONE);
		ConfigurableApplicationContext context = client.run(args);
		return SpringApplication.exit(context);
	}

}
