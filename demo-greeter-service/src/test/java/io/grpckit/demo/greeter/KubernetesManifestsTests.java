package io.grpckit.demo.greeter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpckit.server.autoconfigure.GrpcServerProperties;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kubernetes manifests in {@code k8s/} against the greeter as Spring Boot configures it
 * with profile {@code kubernetes}: ports, probes, the shutdown budget and the RBAC of a
 * {@code kubernetes:///} client; and docs/kubernetes.md shows the files as they are. The values
 * are bound from application.properties and application-kubernetes.properties as the
 * application binds them; the probes' service names are asked of the running greeter's probe
 * port, which is what the kubelet does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpckit.server.port=0", "grpckit.server.health.port=0",
				"grpckit.server.health.actuator.update-rate=100ms" })
@ActiveProfiles(KubernetesManifestsTests.PROFILE)
class KubernetesManifestsTests {

	static final String PROFILE = "kubernetes";

	private static final Path MANIFESTS = Path.of("k8s");

	private static final List<String> FILES = List.of("greeter.yaml", "rbac.yaml", "client.yaml");

	private static final Path DOC = Path.of("../docs/kubernetes.md");

	private static final Path PROFILE_PROPERTIES = Path.of("src/main/resources/application-kubernetes.properties");

	/** What GrpcServerLifecycle waits after shutdownNow() for cancelled calls to end. */
	private static final long CANCELLATION_WAIT_SECONDS = 5;

	/** What GrpcHealthProbeServer waits for health checks (2 s), then after cancelling them (5 s). */
	private static final long PROBE_PORT_STOP_SECONDS = 2 + 5;

	/** Time left for the JVM to exit once every phase is over. */
	private static final long MARGIN_SECONDS = 5;

	private static final Pattern TARGET = Pattern.compile("--target=kubernetes:///([^.:]+)\\.([^:]+):(.+)");

	private static List<Map<String, Object>> documents;

	private static GrpcServerProperties server;

	private static GrpcServerHealthProperties health;

	private static LifecycleProperties lifecycle;

	@Value("${local.grpckit.server.health.port}")
	int probePort;

	@Autowired
	ApplicationContext context;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void load() throws IOException {
		documents = new ArrayList<>();
		for (String file : FILES) {
			for (Object document : new Yaml().loadAll(Files.readString(MANIFESTS.resolve(file)))) {
				documents.add((Map<String, Object>) document);
			}
		}
		// the properties as the application binds them: the shipped files, profile applied, none
		// of this test's port-0 overrides
		StandardEnvironment environment = new StandardEnvironment();
		ConfigDataEnvironmentPostProcessor.applyTo(environment, new DefaultResourceLoader(),
				new DefaultBootstrapContext(), PROFILE);
		Binder binder = Binder.get(environment);
		server = binder.bindOrCreate("grpckit.server", GrpcServerProperties.class);
		health = binder.bindOrCreate("grpckit.server.health", GrpcServerHealthProperties.class);
		lifecycle = binder.bindOrCreate("spring.lifecycle", LifecycleProperties.class);
	}

	@Test
	void deploymentRunsTheProfileThePropertiesCameFrom() {
		assertThat(env(greeterContainer())).containsEntry("SPRING_PROFILES_ACTIVE", PROFILE);
	}

	@Test
	void containerAndServicePortsAreTheGrpcServerPort() {
		Map<String, Integer> containerPorts = containerPorts(greeterContainer());
		assertThat(containerPorts).containsEntry("grpc", server.getPort());
		Map<String, Object> port = servicePort("grpc");
		assertThat(port).containsEntry("appProtocol", "grpc");
		Object target = port.get("targetPort");
		Integer targetPort = (target instanceof String name) ? containerPorts.get(name) : (Integer) target;
		assertThat(targetPort).as("Service targetPort %s", target).isEqualTo(server.getPort());
	}

	@Test
	void serviceSelectsTheDeploymentsPods() {
		Map<String, Object> labels = map(document("Deployment", "greeter"), "spec", "template", "metadata", "labels");
		assertThat(labels).containsAllEntriesOf(map(document("Service", "greeter"), "spec", "selector"));
		assertThat(labels)
			.containsAllEntriesOf(map(document("Deployment", "greeter"), "spec", "selector", "matchLabels"));
	}

	@Test
	void probesAskTheProbePortForWhatTheirNameMeans() {
		int expectedPort = (health.getPort() != null) ? health.getPort() : server.getPort();
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			assertThat(map(greeterContainer(), probe, "grpc")).as(probe).containsEntry("port", expectedPort);
		}
		Map<String, String> paths = health.getActuator().getServices();
		assertThat(paths.get(probeService("livenessProbe"))).as("health path of the liveness probe's service")
			.isEqualTo("liveness");
		assertThat(paths.get(probeService("readinessProbe"))).as("health path of the readiness probe's service")
			.isEqualTo("readiness");
		// the startup probe waits for the server to bind, then hands over to liveness
		assertThat(probeService("startupProbe")).isEqualTo(probeService("livenessProbe"));
		// REFUSING_TRAFFIC makes the readiness group OUT_OF_SERVICE, which must not count as serving
		assertThat(health.getActuator().getNotServingStatuses()).contains("DOWN", "OUT_OF_SERVICE");
	}

	@Test
	void runningGreeterAnswersTheProbesAsTheKubeletExpects() throws InterruptedException {
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", this.probePort).usePlaintext().build();
		try {
			HealthGrpc.HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel);
			String liveness = probeService("livenessProbe");
			String readiness = probeService("readinessProbe");
			// a kubelet retries each probe; the health statuses follow Boot's, which turns ready just after
			// the context has started
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(status(stub, probeService(probe))).as(probe)
						.isEqualTo(ServingStatus.SERVING));
			}
			// a broken JVM fails liveness, and readiness does not care
			AvailabilityChangeEvent.publish(this.context, LivenessState.BROKEN);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(
					() -> assertThat(status(stub, liveness)).isEqualTo(ServingStatus.NOT_SERVING));
			assertThat(status(stub, readiness)).isEqualTo(ServingStatus.SERVING);
			AvailabilityChangeEvent.publish(this.context, LivenessState.CORRECT);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(status(stub, liveness)).isEqualTo(ServingStatus.SERVING));
			// an application refusing traffic fails readiness, and liveness does not care
			AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(
					() -> assertThat(status(stub, readiness)).isEqualTo(ServingStatus.NOT_SERVING));
			assertThat(status(stub, liveness)).isEqualTo(ServingStatus.SERVING);
			AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(status(stub, readiness)).isEqualTo(ServingStatus.SERVING));
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void terminationGracePeriodHoldsEveryShutdownPhase() {
		Map<String, Object> pod = map(document("Deployment", "greeter"), "spec", "template", "spec");
		long preStop = ((Number) map(greeterContainer(), "lifecycle", "preStop", "sleep").get("seconds")).longValue();
		GrpcServerProperties.Shutdown shutdown = server.getShutdown();
		long phases = preStop + seconds(shutdown.getQuietPeriod()) + seconds(shutdown.getGracePeriod())
				+ CANCELLATION_WAIT_SECONDS + PROBE_PORT_STOP_SECONDS
				+ seconds(lifecycle.getTimeoutPerShutdownPhase());
		assertThat(((Number) pod.get("terminationGracePeriodSeconds")).longValue())
			.as("terminationGracePeriodSeconds: preStop %ss, quiet period %s, grace period %s, %ss, %ss, web server %s",
					preStop, shutdown.getQuietPeriod(), shutdown.getGracePeriod(), CANCELLATION_WAIT_SECONDS,
					PROBE_PORT_STOP_SECONDS, lifecycle.getTimeoutPerShutdownPhase())
			.isGreaterThanOrEqualTo(phases + MARGIN_SECONDS);
	}

	@Test
	void clientTargetNamesTheServiceAndItsPort() {
		Matcher target = clientTarget();
		Map<String, Object> service = document("Service", target.group(1));
		assertThat(map(service, "metadata")).containsEntry("namespace", target.group(2));
		assertThat(servicePort(target.group(3))).isNotNull();
		assertThat(containers(document("Job", "greeter-client")).get(0).get("image"))
			.isEqualTo(greeterContainer().get("image"));
	}

	@Test
	void clientMayReadEndpointSlicesOfTheTargetNamespaceAndNothingElse() {
		Map<String, Object> jobPod = map(document("Job", "greeter-client"), "spec", "template", "spec");
		String account = (String) jobPod.get("serviceAccountName");
		Map<String, Object> serviceAccount = document("ServiceAccount", account);
		String namespace = clientTarget().group(2);
		Map<String, Object> binding = documents.stream()
			.filter((document) -> "RoleBinding".equals(document.get("kind")))
			.filter((document) -> list(document, "subjects").stream()
				.anyMatch((subject) -> "ServiceAccount".equals(subject.get("kind")) && account.equals(subject.get("name"))
						&& Objects.equals(subject.get("namespace"), map(serviceAccount, "metadata").get("namespace"))))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no RoleBinding for ServiceAccount " + account));
		assertThat(map(binding, "metadata")).containsEntry("namespace", namespace);
		Map<String, Object> roleRef = map(binding, "roleRef");
		assertThat(roleRef).containsEntry("kind", "Role").containsEntry("apiGroup", "rbac.authorization.k8s.io");
		Map<String, Object> role = document("Role", (String) roleRef.get("name"));
		assertThat(map(role, "metadata")).containsEntry("namespace", namespace);
		assertThat(list(role, "rules")).singleElement().satisfies((rule) -> {
			assertThat(rule.get("apiGroups")).isEqualTo(List.of("discovery.k8s.io"));
			assertThat(rule.get("resources")).isEqualTo(List.of("endpointslices"));
			assertThat(Set.copyOf((List<?>) rule.get("verbs"))).isEqualTo(Set.of("get", "list", "watch"));
			assertThat(rule).doesNotContainKey("resourceNames");
		});
	}

	@Test
	void docShowsEachManifestAsItIs() throws IOException {
		String doc = Files.readString(DOC);
		for (String file : FILES) {
			String yaml = Files.readString(MANIFESTS.resolve(file));
			assertThat(doc).as("docs/kubernetes.md shows k8s/%s as it is", file).contains("```yaml\n" + yaml + "```\n");
		}
		assertThat(doc).as("docs/kubernetes.md shows application-kubernetes.properties as it is")
			.contains("```properties\n" + Files.readString(PROFILE_PROPERTIES) + "```\n");
	}

	private static ServingStatus status(HealthGrpc.HealthBlockingStub stub, String service) {
		return stub.withDeadlineAfter(10, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	private static long seconds(Duration duration) {
		// a part of a second still needs a whole one
		return (duration.toMillis() + 999) / 1000;
	}

	private static Matcher clientTarget() {
		List<?> args = (List<?>) containers(document("Job", "greeter-client")).get(0).get("args");
		return args.stream()
			.map((arg) -> TARGET.matcher(arg.toString()))
			.filter(Matcher::matches)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no --target=kubernetes:///<service>.<namespace>:<port> in " + args));
	}

	private static String probeService(String probe) {
		Object service = map(greeterContainer(), probe, "grpc").get("service");
		// the kubelet asks for "" (the whole server) when the probe names no service
		return (service != null) ? service.toString() : "";
	}

	private static Map<String, Object> servicePort(String name) {
		return list(document("Service", "greeter"), "spec", "ports").stream()
			.filter((port) -> name.equals(port.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("Service greeter has no port named " + name));
	}

	private static Map<String, Object> greeterContainer() {
		return containers(document("Deployment", "greeter")).stream()
			.filter((container) -> "greeter".equals(container.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("Deployment greeter has no container 'greeter'"));
	}

	private static List<Map<String, Object>> containers(Map<String, Object> workload) {
		return list(workload, "spec", "template", "spec", "containers");
	}

	private static Map<String, Integer> containerPorts(Map<String, Object> container) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		list(container, "ports").forEach((port) -> ports.put((String) port.get("name"), (Integer) port.get("containerPort")));
		return ports;
	}

	private static Map<String, String> env(Map<String, Object> container) {
		Map<String, String> env = new LinkedHashMap<>();
		list(container, "env").forEach((entry) -> env.put((String) entry.get("name"), (String) entry.get("value")));
		return env;
	}

	private static Map<String, Object> document(String kind, String name) {
		return documents.stream()
			.filter((document) -> kind.equals(document.get("kind")))
			.filter((document) -> name.equals(map(document, "metadata").get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in k8s/" + FILES));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> from, String... path) {
		Object current = from;
		for (String key : path) {
			assertThat(current).as("parent of " + key).isInstanceOf(Map.class);
			current = ((Map<String, Object>) current).get(key);
			assertThat(current).as(String.join(".", path)).isNotNull();
		}
		return (Map<String, Object>) current;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> from, String... path) {
		String[] parent = Arrays.copyOf(path, path.length - 1);
		Object value = map(from, parent).get(path[path.length - 1]);
		assertThat(value).as(String.join(".", path)).isInstanceOf(List.class);
		return (List<Map<String, Object>>) value;
	}

}
