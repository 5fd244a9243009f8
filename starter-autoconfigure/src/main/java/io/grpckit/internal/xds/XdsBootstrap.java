package io.grpckit.internal.xds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Reads an xDS bootstrap (gRFC A27: {@code xds_servers}, {@code node},
 * {@code server_listener_resource_name_template}, ...) from the value of
 * {@code grpckit.xds.bootstrap}: inline JSON when it starts with <code>{</code>, else the
 * path of a JSON file. The result is the JSON as grpc-java's own parser shapes it (maps,
 * lists, strings, booleans, numbers as {@code Double}), ready for grpc-xds's bootstrap
 * overrides.
 */
public final class XdsBootstrap {

	/** The property that holds the bootstrap. */
	public static final String PROPERTY = "grpckit.xds.bootstrap";

	private XdsBootstrap() {
	}

	/**
	 * Read a bootstrap.
	 * @param value inline JSON or a file path
	 * @return the bootstrap as a JSON object
	 * @throws InvalidConfigurationPropertyValueException naming {@value #PROPERTY} when the
	 * file cannot be read or the JSON is not an object with {@code xds_servers}
	 */
	public static Map<String, ?> read(String value) {
		String trimmed = value.strip();
		String json = trimmed.startsWith("{") ? trimmed : readFile(value, trimmed);
		Map<?, ?> parsed;
		try {
			parsed = new Gson().fromJson(json, Map.class);
		}
		catch (JsonParseException ex) {
			throw invalid(value, "not valid JSON: " + ex.getMessage());
		}
		if (parsed == null || !(parsed.get("xds_servers") instanceof java.util.List<?> servers) || servers.isEmpty()) {
			throw invalid(value, "the bootstrap names no xds_servers (expected: a JSON object with \"xds_servers\": "
					+ "[{\"server_uri\": \"host:port\", \"channel_creds\": [{\"type\": \"insecure\"}]}])");
		}
		@SuppressWarnings("unchecked")
		Map<String, ?> bootstrap = (Map<String, ?>) parsed;
		return bootstrap;
	}

	private static String readFile(String value, String path) {
		try {
			return Files.readString(Path.of(path), StandardCharsets.UTF_8);
		}
		catch (IOException | RuntimeException ex) {
			throw invalid(value, "neither inline JSON nor a readable file (" + ex + ")");
		}
	}

	private static InvalidConfigurationPropertyValueException invalid(String value, String reason) {
		// an inline bootstrap may carry credentials: show only its start
		String shown = (value.length() > 60) ? value.substring(0, 60) + "..." : value;
		return new InvalidConfigurationPropertyValueException(PROPERTY, shown, reason);
	}

}
