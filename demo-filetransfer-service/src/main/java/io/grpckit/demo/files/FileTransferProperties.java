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
	 * Most unfinished resumable uploads kept at once; a new one past it is refused with
	 * RESOURCE_EXHAUSTED until another completes or expires.
	 */
	private int partialMaxCount = 1000;

	/**
	 * Most bytes all unfinished resumable uploads may declare together (each counts at its
	 * declared size); a new one past it is refused with RESOURCE_EXHAUSTED.
	 */
	@DataSizeUnit(DataUnit.BYTES)
	private DataSize partialMaxTotalSize = DataSize.ofGigabytes(10);

	/**
	 * How long an Upload or UploadResumable call may go without a message before the server
	 * ends it with DEADLINE_EXCEEDED, dropping a one-shot upload and keeping a resumable
	 * upload's durable part, so its name is free for the next session.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration uploadIdleTimeout = Duration.ofSeconds(60);

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

	public int getPartialMaxCount() {
		return this.partialMaxCount;
	}

	public void setPartialMaxCount(int partialMaxCount) {
		this.partialMaxCount = partialMaxCount;
	}

	public DataSize getPartialMaxTotalSize() {
		return this.partialMaxTotalSize;
	}

	public void setPartialMaxTotalSize(DataSize partialMaxTotalSize) {
		this.partialMaxTotalSize = partialMaxTotalSize;
	}

	public Duration getUploadIdleTimeout() {
		return this.uploadIdleTimeout;
	}

	public void setUploadIdleTimeout(Duration uploadIdleTimeout) {
		this.uploadIdleTimeout = uploadIdleTimeout;
	}

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

}
