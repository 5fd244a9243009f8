package io.grpckit.discovery.consul.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.consul.ConsulConnectionDetails;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls of Consul's HTTP API that discovery needs, on the JDK's HTTP client:
 * agent service register, deregister and read, and the health query with blocking
 * {@code index}/{@code wait}.
 */
public final class ConsulClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http;

	private final URI base;

	private final @Nullable String token;

	private final Duration timeout;

	/**
	 * Create a client.
	 * @param details where the agent is
	 * @param timeout the longest time a request may take, beyond a blocking query's wait
	 */
	public ConsulClient(ConsulConnectionDetails details, Duration timeout) {
		String url = details.getUrl().toString();
		this.base = URI.create(url.endsWith("/") ? url : url + "/");
		this.token = details.getToken();
		this.timeout = timeout;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
	}

	/** Consul answered with an HTTP error status. */
	public static final class ConsulException extends IOException {

		private final int status;

		ConsulException(int status, @Nullable String body) {
			super("Consul answered " + status + ((body == null || body.isBlank()) ? "" : ": " + body.strip()));
			this.status = status;
		}

		public int getStatus() {
			return this.status;
		}

	}

	/** Result of a health query: passing instances and the index to block on next. */
	public record HealthResult(List<ServiceInstance> instances, long index) {
	}

	public void register(Map<String, Object> body) throws IOException, InterruptedException {
		send(request("v1/agent/service/register", this.timeout)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
			.build());
	}

	public void deregister(String instanceId) throws IOException, InterruptedException {
		send(request("v1/agent/service/deregister/" + encode(instanceId), this.timeout)
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	public boolean isRegistered(String instanceId) throws IOException, InterruptedException {
		try {
			send(request("v1/agent/service/" + encode(instanceId), this.timeout).GET().build());
			return true;
		}
		catch (ConsulException ex) {
			if (ex.getStatus() == 404) {
				return false;
			}
			throw ex;
		}
	}

	public CompletableFuture<HealthResult> passing(String service, long index, Duration wait) {
		String path = "v1/health/service/" + encode(service) + "?passing=true";
		if (index > 0) {
			path += "&index=" + index + "&wait=" + wait.toMillis() + "ms";
		}
		// Consul adds up to wait/16 of jitter to a blocking query
		Duration requestTimeout = this.timeout.plus(wait).plus(wait.dividedBy(16));
		return this.http.sendAsync(request(path, requestTimeout).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
			.thenApply((response) -> {
				if (response.statusCode() != 200) {
					throw new IllegalStateException(new ConsulException(response.statusCode(),
							new String(response.body(), StandardCharsets.UTF_8)));
				}
				long next = response.headers().firstValueAsLong("X-Consul-Index").orElse(0);
				return new HealthResult(parse(service, response.body()), next);
			});
	}

	private static List<ServiceInstance> parse(String service, byte[] body) {
		List<ServiceInstance> instances = new ArrayList<>();
		for (JsonNode entry : json.readTree(body)) {
			JsonNode node = entry.path("Service");
			String host = node.path("Address").asString("");
			if (host.isEmpty()) {
				host = entry.path("Node").path("Address").asString("");
			}
			int port = node.path("Port").asInt(0);
			if (host.isEmpty() || port <= 0) {
				continue;
			}
			Map<String, String> metadata = new LinkedHashMap<>();
			node.path("Meta").properties().forEach((meta) -> metadata.put(meta.getKey(), meta.getValue().asString()));
			instances.add(new ServiceInstance(service, node.path("ID").asString(host + ":" + port), host, port, metadata));
		}
		return instances;
	}

	private HttpRequest.Builder request(String path, Duration requestTimeout) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.base.resolve(path)).timeout(requestTimeout);
		if (this.token != null && !this.token.isEmpty()) {
			builder.header("X-Consul-Token", this.token);
		}
		return builder;
	}

	private void send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new ConsulException(response.statusCode(), response.body());
		}
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
