package io.grpckit.demo.files;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Settings of the file-transfer demo.
 */
@ConfigurationProperties("grpckit.demo.files")
public class FileTransferProperties {

	/**
	 * Storage root: every file lives below it, with staging data in its hidden '.grpckit'
	 * directory. Created when missing.
	 */
	private Path root = Path.of("./data");

	/**
	 * Largest file accepted by an upload; a file of exactly this size is accepted.
	 */
	@DataSizeUnit(DataUnit.BYTES)
	private DataSize maxSize = DataSize.ofGigabytes(1);

	/**
	 * How long an unfinished resumable upload is kept after its last write.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration partialExpiry = Duration.ofHours(24);

	/**
	 * Shared bearer token every FileTransfer call must present when gRPC security is on
	 * (the 'secure' profile reads it from the FILES_TOKEN environment variable); at least 32
	 * characters. Unused otherwise.
	 */
	private String token;

	public Path getRoot() {
		return this.root;
	}

	public void setRoot(Path root) {
		this.root = root;
	}

	public DataSize getMaxSize() {
		return this.maxSize;
	}

	public void setMaxSize(DataSize maxSize) {
		this.maxSize = maxSize;
	}

	public Duration getPartialExpiry() {
		return this.partialExpiry;
	}

	public void setPartialExpiry(Duration partialExpiry) {
		this.partialExpiry = partialExpiry;
	}

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

}
