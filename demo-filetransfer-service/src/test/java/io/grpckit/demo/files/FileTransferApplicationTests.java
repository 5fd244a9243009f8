package io.grpckit.demo.files;

import java.nio.file.Files;
import java.nio.file.Path;

import io.grpckit.demo.files.storage.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class FileTransferApplicationTests {

	@TempDir
	Path root;

	@Test
	void contextWiresStoreFromPropertiesAndService() throws Exception {
		SpringApplication application = new SpringApplication(FileTransferApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		Path storage = this.root.resolve("store");
		try (ConfigurableApplicationContext context = application.run("--grpckit.demo.files.root=" + storage,
				"--grpckit.demo.files.max-size=10KB", "--grpckit.server.port=0")) {
			FileStore store = context.getBean(FileStore.class);
			assertThat(store.root()).isEqualTo(storage.toRealPath());
			assertThat(store.maxSize()).isEqualTo(10 * 1024);
			assertThat(context.getBean(FileTransferService.class)).isNotNull();
			assertThat(Files.isDirectory(storage.resolve(".grpckit"))).isTrue();
		}
	}

}
