package io.grpckit.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads Actuator endpoints of a running application over HTTP, on its
 * {@code local.server.port}.
 */
public final class ActuatorHttp {

	private static final HttpClient http = HttpClient.newHttpClient();

	private ActuatorHttp() {
	}

	/**
	 * GET a path and expect 200.
	 * @param context the running application
	 * @param path the path, e.g. {@code /actuator/grpc}
	 * @return the response body
	 */
	public static String get(ApplicationContext context, String path) throws IOException, InterruptedException {
		int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
