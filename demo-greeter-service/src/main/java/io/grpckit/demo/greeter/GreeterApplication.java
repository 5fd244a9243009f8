package io.grpckit.demo.greeter;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The greeter demo: a gRPC server for {@code helloworld.Greeter} built with grpckit, and,
 * with {@code client} as first argument, a client that calls it in all four modes.
 */
@SpringBootApplication
@EnableConfigurationProperties(GreeterProperties.class)
public class GreeterApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("client")) {
			SpringApplication client = new SpringApplication(GreeterApplication.class);
			client.setAdditionalProfiles("client");
			client.setWebApplicationType(WebApplicationType.NONE);
			System.exit(SpringApplication.exit(client.run(Arrays.copyOfRange(args, 1, args.length))));
		}
		SpringApplication.run(GreeterApplication.class, args);
	}

}
