package io.grpckit.discovery.testsupport;

import java.util.ArrayList;
import java.util.List;

import io.grpckit.testsupport.NamedEchoService;

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
	 * Run an instance in its own JVM, for tests that kill it: the first argument is the
	 * name, the others are properties.
	 * @param args name and properties
	 */
	public static void main(String[] args) {
		start(args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
	}

	/**
	 * Start an instance in a new JVM with the test class path.
	 * @param log the file that receives its output
	 * @param name the server name
	 * @param properties more properties
	 * @return the process
	 * @throws java.io.IOException if the JVM cannot be started
	 */
	public static Process startProcess(java.io.File log, String name, String... properties)
			throws java.io.IOException {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				DiscoveryTestApplication.class.getName(), name));
		command.addAll(List.of(properties));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
	}

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
				"spring.main.banner-mode=off",
				// several contexts share grpc-java's global resolver registry: only clients
				// register their resolvers, so a closing server never takes a client's away
				"grpckit.client.enabled=false"));
		all.addAll(List.of(properties));
		return run(all);
	}

	/**
	 * Start a client application: no server, no registration, channel {@code echo} to the
	 * given target with round_robin.
	 * @param target the target of channel {@code echo}
	 * @param properties more properties
	 * @return the running context
	 */
	public static ConfigurableApplicationContext client(String target, String... properties) {
		List<String> all = new ArrayList<>(List.of("test.server-name=client", "grpckit.server.enabled=false",
				"grpckit.discovery.registration.enabled=false", "spring.main.banner-mode=off",
				"grpckit.client.channel.echo.target=" + target,
				"grpckit.client.channel.echo.load-balancing-policy=round_robin"));
		all.addAll(List.of(properties));
		return run(all);
	}

	private static ConfigurableApplicationContext run(List<String> all) {
		return new SpringApplicationBuilder(DiscoveryTestApplication.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

}
