package io.grpckit.benchmarks.springgrpc;

import java.nio.file.Path;

import io.grpckit.benchmarks.services.MinimalFileTransfer;
import io.grpckit.benchmarks.services.MinimalGreeter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The minimal Greeter and FileTransfer on Spring Boot's own gRPC server starter, with
 * Actuator over HTTP as in grpckit's demos: what a user would build instead of grpckit.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class SpringGrpcServerApplication {

	@Bean
	MinimalGreeter greeter() {
		return new MinimalGreeter();
	}

	@Bean
	MinimalFileTransfer fileTransfer(@Value("${bench.files.root:./data-spring-grpc}") Path root) {
		return new MinimalFileTransfer(root);
	}

	public static void main(String[] args) {
		SpringApplication.run(SpringGrpcServerApplication.class, args);
	}

}
