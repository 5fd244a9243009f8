package io.grpckit.server.http.openapi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.grpckit.testsupport.GrpcServerTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * springdoc's {@code /v3/api-docs} of the kit's test application on Spring MVC, over its real
 * HTTP port: the {@code grpckit.test.Echo} routes with their schemas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcHttpOpenApiIntegrationTests {

	private ConfigurableApplicationContext context;

	private JsonNode docs;

	@BeforeAll
	void start() throws Exception {
		this.context = new SpringApplicationBuilder(GrpcServerTestApplication.class).web(WebApplicationType.SERVLET)
			.run("--server.port=0", "--grpckit.server.port=0", "--server.address=127.0.0.1");
		int port = this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		this.docs = JsonMapper.builder().build().readTree(response.body());
	}

	@AfterAll
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void listsTheEchoRoutes() {
		JsonNode paths = this.docs.path("paths");
		JsonNode unary = paths.path("/v1/echo/{text}").path("get");
		assertThat(unary.path("operationId").asString()).isEqualTo("Echo_Unary");
		assertThat(unary.path("tags").path(0).asString()).isEqualTo("grpckit.test.Echo");
		assertThat(unary.path("parameters").valueStream())
			.map((parameter) -> parameter.path("in").asString() + " " + parameter.path("name").asString())
			.containsExactly("path text", "query count", "query delayMs", "query payload");
		assertThat(paths.path("/v1/echo").path("post").path("operationId").asString()).isEqualTo("Echo_Unary2");
		assertThat(paths.path("/v1/echo").path("post").at("/requestBody/content/application~1json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/grpckit.test.EchoRequest");
		assertThat(unary.at("/responses/200/content/application~1json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/grpckit.test.EchoReply");
		assertThat(unary.at("/responses/default/content/application~1json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/google.rpc.Status");
		JsonNode stream = paths.path("/v1/echo/{text}/stream").path("get");
		assertThat(stream.at("/responses/200/content").propertyNames()).containsExactly("application/x-ndjson",
				"text/event-stream");
		// client streaming is not transcoded (it answers 501)
		assertThat(paths.has("/v1/echo:collect")).isFalse();
	}

	@Test
	void describesTheMessagesAsProto3Json() {
		JsonNode schemas = this.docs.at("/components/schemas");
		JsonNode request = schemas.path("grpckit.test.EchoRequest").path("properties");
		assertThat(request.propertyNames()).containsExactly("text", "count", "delayMs", "payload");
		assertThat(request.path("delayMs").path("type").asString()).isEqualTo("string");
		assertThat(request.path("delayMs").path("format").asString()).isEqualTo("int64");
		assertThat(request.path("count").path("type").asString()).isEqualTo("integer");
		assertThat(request.path("payload").path("format").asString()).isEqualTo("byte");
		assertThat(schemas.path("grpckit.test.EchoReply").path("properties").propertyNames()).containsExactly("text",
				"index", "payload");
		assertThat(schemas.path("google.rpc.Status").path("properties").propertyNames()).containsExactly("code",
				"message", "details");
	}

}
