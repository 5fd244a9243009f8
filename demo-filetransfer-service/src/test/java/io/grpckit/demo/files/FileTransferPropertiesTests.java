package io.grpckit.demo.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class FileTransferPropertiesTests {

	private FileTransferProperties bind(Map<String, String> values) {
		Binder binder = new Binder(new MapConfigurationPropertySource(values));
		return binder.bindOrCreate("grpckit.demo.files", Bindable.of(FileTransferProperties.class));
	}

	@Test
	void defaults() {
		FileTransferProperties properties = bind(Map.of());
		assertThat(properties.getRoot()).isEqualTo(Path.of("./data"));
		assertThat(properties.getMaxSize()).isEqualTo(DataSize.ofGigabytes(1));
		assertThat(properties.getPartialExpiry()).isEqualTo(Duration.ofHours(24));
		assertThat(properties.getPartialMaxCount()).isEqualTo(1000);
		assertThat(properties.getPartialMaxTotalSize()).isEqualTo(DataSize.ofGigabytes(10));
		assertThat(properties.getUploadIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void limitsOfUploadsOverride() {
		FileTransferProperties properties = bind(Map.of("grpckit.demo.files.partial-max-count", "5",
				"grpckit.demo.files.partial-max-total-size", "1GB", "grpckit.demo.files.upload-idle-timeout", "2m"));
		assertThat(properties.getPartialMaxCount()).isEqualTo(5);
		assertThat(properties.getPartialMaxTotalSize()).isEqualTo(DataSize.ofGigabytes(1));
		assertThat(properties.getUploadIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void overrides() {
		FileTransferProperties properties = bind(Map.of("grpckit.demo.files.root", "/srv/files",
				"grpckit.demo.files.max-size", "200MB", "grpckit.demo.files.partial-expiry", "2h"));
		assertThat(properties.getRoot()).isEqualTo(Path.of("/srv/files"));
		assertThat(properties.getMaxSize()).isEqualTo(DataSize.ofMegabytes(200));
		assertThat(properties.getPartialExpiry()).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void plainNumbersUseBytesAndSeconds() {
		FileTransferProperties properties = bind(
				Map.of("grpckit.demo.files.max-size", "1000", "grpckit.demo.files.partial-expiry", "90"));
		assertThat(properties.getMaxSize().toBytes()).isEqualTo(1000);
		assertThat(properties.getPartialExpiry()).isEqualTo(Duration.ofSeconds(90));
	}

}
