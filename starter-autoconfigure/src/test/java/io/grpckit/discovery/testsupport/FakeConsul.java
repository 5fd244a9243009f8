package io.grpckit.discovery.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A FAKE of the Consul agent's HTTP API, in-process, for machines without Consul or Docker.
 * It follows the documented behaviour of the calls grpckit makes, and nothing else:
 * {@code PUT /v1/agent/service/register} (with a {@code GRPC} check that this fake runs by
 * calling the instance's {@code grpc.health.v1.Health/Check} every {@code Interval}, and
 * {@code DeregisterCriticalServiceAfter}), {@code PUT /v1/agent/service/deregister/:id},
 * {@code GET /v1/agent/service/:id}, and {@code GET /v1/health/service/:service} with
 * {@code passing}, blocking {@code index}/{@code wait} and the {@code X-Consul-Index} header.
 * With a required token, requests without {@code X-Consul-Token} get 403. Unlike Consul it
 * accepts a DeregisterCriticalServiceAfter below one minute, so that tests stay short.
 */
public final class FakeConsul implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, Instance> instances = new ConcurrentHashMap<>();

	private final List<JsonNode> registrations = new CopyOnWriteArrayList<>();

	private final List<String> tokens = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService checks = Executors.newScheduledThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "fake-consul-checks");
		thread.setDaemon(true);
		return thread;
	});

	private final Object changes = new Object();

	private final String requiredToken;

	private long index = 1;

	private int port;

	private HttpServer server;

	private FakeConsul(String requiredToken) {
		this.requiredToken = requiredToken;
	}

	/**
	 * Start a fake on a free port.
	 * @param requiredToken the ACL token every request must carry, or {@code null}
	 * @return the running fake
	 */
	public static FakeConsul start(String requiredToken) {
		FakeConsul fake = new FakeConsul(requiredToken);
		fake.listen(0);
		return fake;
	}

	/** Base URL of the fake's HTTP API. */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** Bodies of every register request, in order. */
	public List<JsonNode> registrations() {
		return List.copyOf(this.registrations);
	}

	/** Tokens sent with requests. */
	public List<String> tokens() {
		return List.copyOf(this.tokens);
	}

	/** Status of an instance's check: passing, critical, or {@code null} when unknown. */
	public String status(String id) {
		Instance instance = this.instances.get(id);
		return (instance != null) ? instance.status : null;
	}

	/** Forget an instance, as an agent restarted without its state would. */
	public void forget(String id) {
		remove(id);
	}

	/** Stop answering, keeping the registered instances (an agent that is down). */
	public void stopHttp() {
		this.server.stop(0);
	}

	/** Answer again on the same port. */
	public void startHttp() {
		listen(this.port);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.instances.values().forEach(Instance::stop);
		this.checks.shutdownNow();
	}

	private void listen(int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "fake-consul-http");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.createContext("/", this::handle);
		this.server.start();
		this.port = this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String token = exchange.getRequestHeaders().getFirst("X-Consul-Token");
			if (token != null) {
				this.tokens.add(token);
			}
			if (this.requiredToken != null && !this.requiredToken.equals(token)) {
				respond(exchange, 403, "Permission denied", -1);
				return;
			}
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			if (method.equals("PUT") && path.equals("/v1/agent/service/register")) {
				register(json.readTree(exchange.getRequestBody().readAllBytes()));
				respond(exchange, 200, "", -1);
			}
			else if (method.equals("PUT") && path.startsWith("/v1/agent/service/deregister/")) {
				boolean known = remove(path.substring("/v1/agent/service/deregister/".length()));
				respond(exchange, known ? 200 : 404, known ? "" : "Unknown service ID", -1);
			}
			else if (method.equals("GET") && path.startsWith("/v1/agent/service/")) {
				Instance instance = this.instances.get(path.substring("/v1/agent/service/".length()));
				respond(exchange, (instance != null) ? 200 : 404,
						(instance != null) ? json.writeValueAsString(instance.service()) : "unknown service ID", -1);
			}
			else if (method.equals("GET") && path.startsWith("/v1/health/service/")) {
				health(exchange, path.substring("/v1/health/service/".length()));
			}
			else {
				respond(exchange, 404, "not supported by the fake", -1);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void health(HttpExchange exchange, String service) throws IOException, InterruptedException {
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		long wanted = Long.parseLong(query.getOrDefault("index", "0"));
		long waitMillis = parseWait(query.getOrDefault("wait", "5m"));
		long current;
		synchronized (this.changes) {
			long deadline = System.currentTimeMillis() + waitMillis;
			// a blocking query returns when the index moves past the one given, or at wait
			while (wanted > 0 && this.index <= wanted && System.currentTimeMillis() < deadline) {
				this.changes.wait(Math.max(1, deadline - System.currentTimeMillis()));
			}
			current = this.index;
		}
		boolean passingOnly = query.containsKey("passing") && !"false".equals(query.get("passing"));
		List<Map<String, Object>> entries = new ArrayList<>();
		for (Instance instance : this.instances.values()) {
			if (instance.name.equals(service) && (!passingOnly || "passing".equals(instance.status))) {
				entries.add(Map.of("Node", Map.of("Node", "fake", "Address", "127.0.0.1"), "Service",
						instance.service(), "Checks", List.of(Map.of("Status", instance.status))));
			}
		}
		respond(exchange, 200, json.writeValueAsString(entries), current);
	}

	private void register(JsonNode body) {
		this.registrations.add(body);
		String id = body.path("ID").asString(body.path("Name").asString());
		Instance previous = this.instances.remove(id);
		if (previous != null) {
			previous.stop();
		}
		Instance instance = new Instance(id, body);
		this.instances.put(id, instance);
		changed();
		JsonNode check = body.path("Check");
		if (check.has("GRPC")) {
			long interval = parseWait(check.path("Interval").asString("10s"));
			instance.schedule = this.checks.scheduleWithFixedDelay(() -> runCheck(instance), 0, interval,
					TimeUnit.MILLISECONDS);
		}
	}

	private void runCheck(Instance instance) {
		JsonNode check = instance.body.path("Check");
		String target = check.path("GRPC").asString();
		String healthService = "";
		int slash = target.indexOf('/');
		if (slash >= 0) {
			healthService = target.substring(slash + 1);
			target = target.substring(0, slash);
		}
		long timeout = parseWait(check.path("Timeout").asString("10s"));
		String status;
		try {
			HealthCheckResponse response = HealthGrpc.newBlockingStub(instance.channel(target))
				.withDeadlineAfter(timeout, TimeUnit.MILLISECONDS)
				.check(HealthCheckRequest.newBuilder().setService(healthService).build());
			status = (response.getStatus() == HealthCheckResponse.ServingStatus.SERVING) ? "passing" : "critical";
		}
		catch (RuntimeException ex) {
			status = "critical";
		}
		if (!status.equals(instance.status)) {
			instance.status = status;
			instance.criticalSince = "critical".equals(status) ? System.currentTimeMillis() : 0;
			changed();
		}
		long deregisterAfter = parseWait(check.path("DeregisterCriticalServiceAfter").asString("0s"));
		if (deregisterAfter > 0 && instance.criticalSince > 0
				&& System.currentTimeMillis() - instance.criticalSince >= deregisterAfter) {
			remove(instance.id);
		}
	}

	private boolean remove(String id) {
		Instance removed = this.instances.remove(id);
		if (removed != null) {
			removed.stop();
			changed();
		}
		return removed != null;
	}

	private void changed() {
		synchronized (this.changes) {
			this.index++;
			this.changes.notifyAll();
		}
	}

	private static void respond(HttpExchange exchange, int status, String body, long index) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		if (index > 0) {
			exchange.getResponseHeaders().add("X-Consul-Index", Long.toString(index));
		}
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> query = new LinkedHashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int equals = pair.indexOf('=');
				query.put((equals < 0) ? pair : pair.substring(0, equals), (equals < 0) ? "" : pair.substring(equals + 1));
			}
		}
		return query;
	}

	/** Consul durations: 500ms, 10s, 1m, 1h. */
	static long parseWait(String text) {
		Duration duration;
		if (text.endsWith("ms")) {
			duration = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
		}
		else if (text.endsWith("s")) {
			duration = Duration.ofMillis((long) (Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
		}
		else if (text.endsWith("m")) {
			duration = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
		}
		else if (text.endsWith("h")) {
			duration = Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
		}
		else {
			duration = Duration.ofSeconds(Long.parseLong(text));
		}
		return duration.toMillis();
	}

	private static final class Instance {

		final String id;

		final String name;

		final JsonNode body;

		// Consul's checks start critical until they pass
		volatile String status = "critical";

		volatile long criticalSince = System.currentTimeMillis();

		volatile ScheduledFuture<?> schedule;

		private ManagedChannel channel;

		Instance(String id, JsonNode body) {
			this.id = id;
			this.name = body.path("Name").asString();
			this.body = body;
		}

		Map<String, Object> service() {
			Map<String, Object> service = new LinkedHashMap<>();
			service.put("ID", this.id);
			service.put("Service", this.name);
			service.put("Address", this.body.path("Address").asString(""));
			service.put("Port", this.body.path("Port").asInt(0));
			service.put("Tags", this.body.path("Tags"));
			service.put("Meta", this.body.path("Meta"));
			return service;
		}

		synchronized ManagedChannel channel(String target) {
			if (this.channel == null) {
				this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
			}
			return this.channel;
		}

		synchronized void stop() {
			if (this.schedule != null) {
				this.schedule.cancel(false);
			}
			if (this.channel != null) {
				this.channel.shutdownNow();
			}
		}

	}

}
