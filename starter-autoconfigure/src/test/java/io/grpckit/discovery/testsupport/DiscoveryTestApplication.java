package io.grpckit.discovery.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A gRPC server application with every auto-configuration, serving {@link NamedEchoService}
 * on a free port, to start several instances in one test.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(NamedEchoService.class)
public class DiscoveryTestApplication {

	/**
	 * Start an instance.
	 * @param name the server name the echo service answers with, also its instance id
	 * @param properties more properties
	 * @return the running context
	 */
	public static ConfigurableApplicationContext start(String name, String... properties) {
		List<String> all = new ArrayList<>(List.of("test.server-name=" + name, "grpckit.server.port=0",
				"spring.application.name=echo", "grpckit.discovery.instance-id=" + name,
				"grpckit.discovery.host=127.0.0.1", "grpckit.server.reflection.enabled=false",
				"spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(DiscoveryTestApplication.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

}
