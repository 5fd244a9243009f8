package io.grpckit.benchmarks.grpckit;

import java.nio.file.Path;

import io.grpckit.benchmarks.services.MinimalFileTransfer;
import io.grpckit.benchmarks.services.MinimalGreeter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The minimal Greeter and FileTransfer on grpckit's server starter with its defaults and
 * Actuator over HTTP: the same service code as the plain and Spring Boot gRPC targets, so
 * the difference to plain is what the kit adds.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class GrpckitServerApplication {

	@Bean
	MinimalGreeter greeter() {
		return new MinimalGreeter();
	}

	@Bean
	MinimalFileTransfer fileTransfer(@Value("${bench.files.root:./data-grpckit}") Path root) {
		return new MinimalFileTransfer(root);
	}

	public static void main(String[] args) {
		SpringApplication.run(GrpckitServerApplication.class, args);
	}

}
