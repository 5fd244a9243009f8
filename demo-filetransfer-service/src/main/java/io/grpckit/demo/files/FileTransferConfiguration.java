package io.grpckit.demo.files;

import java.time.Clock;

import io.grpckit.demo.files.storage.FileStore;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the file store from {@link FileTransferProperties}; the service is a
 * {@link io.grpckit.server.GrpcService} component.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FileTransferProperties.class)
class FileTransferConfiguration {

	@Bean
	FileStore fileStore(FileTransferProperties properties) {
		return FileStore.open(properties.getRoot(), properties.getMaxSize().toBytes(), properties.getPartialExpiry(),
				Clock.systemUTC());
	}

}
