package io.grpckit.discovery.etcd;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.etcd.jetcd.ByteSequence;
import io.grpckit.discovery.ServiceInstance;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keys and JSON values of instances in etcd: key {@code <prefix>/<service>/<instance-id>},
 * value {@code {"id":..,"service":..,"host":..,"port":..,"metadata":{..}}}.
 */
final class EtcdInstanceCodec {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String prefix;

	EtcdInstanceCodec(String prefix) {
		this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
	}

	ByteSequence serviceKey(String service) {
		return bytes(this.prefix + "/" + service + "/");
	}

	ByteSequence instanceKey(ServiceInstance instance) {
		return bytes(this.prefix + "/" + instance.serviceName() + "/" + instance.instanceId());
	}

	ByteSequence encode(ServiceInstance instance) {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("id", instance.instanceId());
		value.put("service", instance.serviceName());
		value.put("host", instance.host());
		value.put("port", instance.port());
		value.put("metadata", instance.metadata());
		return ByteSequence.from(json.writeValueAsBytes(value));
	}

	/**
	 * Decode a value; values not written by us (no host or port) give {@code null}.
	 */
	@Nullable ServiceInstance decode(String service, ByteSequence key, ByteSequence value) {
		try {
			JsonNode node = json.readTree(value.getBytes());
			String host = node.path("host").asString(null);
			int port = node.path("port").asInt(-1);
			if (host == null || port <= 0 || port > 65535) {
				return null;
			}
			Map<String, String> metadata = new LinkedHashMap<>();
			node.path("metadata").properties().forEach((entry) -> metadata.put(entry.getKey(), entry.getValue().asString()));
			String id = node.path("id").asString(key.toString(StandardCharsets.UTF_8));
			return new ServiceInstance(service, id, host, port, metadata);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
