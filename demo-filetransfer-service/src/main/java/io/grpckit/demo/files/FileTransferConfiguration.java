package io.grpckit.demo.files;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.grpckit.demo.files.storage.FileStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the file store from {@link FileTransferProperties}, and the one timer thread of the
 * demo: it sweeps expired partial uploads and ends idle uploads. The service is a
 * {@link io.grpckit.server.GrpcService} component.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FileTransferProperties.class)
class FileTransferConfiguration {

	private static final Log logger = LogFactory.getLog(FileTransferConfiguration.class);

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService fileTransferTimers() {
		ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "files-timer");
			thread.setDaemon(true);
			return thread;
		});
		// idle timers are restarted on every message: drop cancelled ones at once
		timers.setRemoveOnCancelPolicy(true);
		return timers;
	}

	@Bean
	FileStore fileStore(FileTransferProperties properties, ScheduledExecutorService fileTransferTimers) {
		FileStore store = FileStore.open(properties.getRoot(), properties.getMaxSize().toBytes(),
				new FileStore.PartialLimits(properties.getPartialExpiry(), properties.getPartialMaxCount(),
						properties.getPartialMaxTotalSize().toBytes()),
				Clock.systemUTC());
		long every = sweepInterval(properties.getPartialExpiry()).toMillis();
		fileTransferTimers.scheduleWithFixedDelay(() -> expirePartials(store), every, every, TimeUnit.MILLISECONDS);
		return store;
	}

	/** A quarter of the expiry, from a second to an hour: parts outlive it by at most that. */
	static Duration sweepInterval(Duration expiry) {
		Duration quarter = expiry.dividedBy(4);
		return (quarter.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1)
				: (quarter.compareTo(Duration.ofHours(1)) > 0) ? Duration.ofHours(1) : quarter;
	}

	private static void expirePartials(FileStore store) {
		try {
			int removed = store.expirePartials();
			if (removed > 0) {
				logger.info("Removed " + removed + " expired partial upload(s)");
			}
		}
		catch (RuntimeException ex) {
			// the next sweep tries again
			logger.warn("Sweeping expired partial uploads failed: " + ex);
		}
	}

}
