package io.grpckit.server.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

import io.grpckit.testsupport.GrpcServerTestApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the kit's test application with its HTTP side on Spring MVC or WebFlux, on free
 * loopback ports, for the HTTP tests.
 */
final class HttpApplications {

	static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private HttpApplications() {
	}

	static ConfigurableApplicationContext start(WebApplicationType type, String... properties) {
		return start(type, new Class<?>[0], properties);
	}

	static ConfigurableApplicationContext start(WebApplicationType type, Class<?>[] sources, String... properties) {
		String[] all = new String[properties.length + 3];
		all[0] = "--server.port=0";
		all[1] = "--grpckit.server.port=0";
		all[2] = "--server.address=127.0.0.1";
		System.arraycopy(properties, 0, all, 3, properties.length);
		return new SpringApplicationBuilder(GrpcServerTestApplication.class).sources(sources).web(type).run(all);
	}

	static HttpRequest.Builder request(ConfigurableApplicationContext context, String path) {
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
	}

}
