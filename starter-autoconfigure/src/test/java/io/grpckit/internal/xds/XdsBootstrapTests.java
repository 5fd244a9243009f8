package io.grpckit.internal.xds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class XdsBootstrapTests {

	private static final String JSON = "{\"xds_servers\": [{\"server_uri\": \"cp:15010\", "
			+ "\"channel_creds\": [{\"type\": \"insecure\"}]}], \"node\": {\"id\": \"n1\", \"port\": 8}}";

	@Test
	void inlineJsonAsGrpcParsesIt() {
		Map<String, ?> bootstrap = XdsBootstrap.read("  " + JSON);
		assertThat(bootstrap.get("xds_servers")).isInstanceOf(List.class);
		// numbers as Double, as grpc-java's own JSON parser gives them
		assertThat(((Map<?, ?>) bootstrap.get("node")).get("port")).isEqualTo(8.0);
	}

	@Test
	void aFile(@TempDir Path directory) throws Exception {
		Path file = Files.writeString(directory.resolve("bootstrap.json"), JSON);
		assertThat(XdsBootstrap.read(file.toString())).containsKey("node");
	}

	@Test
	void aMissingFileNamesTheProperty(@TempDir Path directory) {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> XdsBootstrap.read(directory.resolve("missing.json").toString()))
			.withMessageContaining("grpckit.xds.bootstrap")
			.withMessageContaining("neither inline JSON nor a readable file");
	}

	@Test
	void invalidJsonAndNoServersNameTheProperty() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> XdsBootstrap.read("{\"xds_servers\": ["))
			.withMessageContaining("not valid JSON");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> XdsBootstrap.read("{\"xds_servers\": []}"))
			.withMessageContaining("names no xds_servers");
	}

}
