package io.grpckit.server.autoconfigure.http;

import java.util.List;

import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.http.openapi.GrpcHttpOpenApiCustomizer;
import io.grpckit.testsupport.EchoService;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI wiring of {@link GrpcHttpAutoConfiguration}: springdoc's customizer of the
 * transcoded routes, when springdoc is there.
 */
class GrpcHttpOpenApiConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcHttpAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void documentsTheRoutesWithSpringdoc() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcHttpOpenApiCustomizer.class).hasSingleBean(OpenApiCustomizer.class);
			assertThat(documented(context).getPaths()).containsKeys("/v1/echo/{text}", "/v1/echo",
					"/v1/echo/{text}/stream");
		});
	}

	@Test
	void absentWithoutSpringdoc() {
		this.runner.withClassLoader(new FilteredClassLoader(OpenApiCustomizer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcHttpOpenApiCustomizer.class));
	}

	@Test
	void absentWhenDisabled() {
		this.runner.withPropertyValues("grpckit.server.http.openapi.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcHttpOpenApiCustomizer.class));
	}

	@Test
	void absentWithoutTheHttpSide() {
		this.runner.withPropertyValues("grpckit.server.http.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcHttpOpenApiCustomizer.class));
	}

	@Test
	void backsOffForTheApplicationsCustomizer() {
		GrpcHttpOpenApiCustomizer own = new GrpcHttpOpenApiCustomizer(List.of(), false, false);
		this.runner.withBean(GrpcHttpOpenApiCustomizer.class, () -> own)
			.run((context) -> assertThat(context).getBean(GrpcHttpOpenApiCustomizer.class).isSameAs(own));
	}

	@Test
	void followsTheJsonNames() {
		this.runner.run((context) -> assertThat(queryParameters(context)).contains("delayMs"));
		this.runner.withPropertyValues("grpckit.server.http.json.use-proto-names=true")
			.run((context) -> assertThat(queryParameters(context)).contains("delay_ms").doesNotContain("delayMs"));
	}

	private static OpenAPI documented(AssertableWebApplicationContext context) {
		OpenAPI openApi = new OpenAPI();
		context.getBean(GrpcHttpOpenApiCustomizer.class).customise(openApi);
		return openApi;
	}

	private static List<String> queryParameters(AssertableWebApplicationContext context) {
		return documented(context).getPaths()
			.get("/v1/echo/{text}")
			.getGet()
			.getParameters()
			.stream()
			.map(Parameter::getName)
			.toList();
	}

}
