package io.grpckit.server.autoconfigure.http;

import java.util.List;
import java.util.Map;

import io.grpckit.server.GrpcServerFactory;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.http.GrpcHttpBridge;
import io.grpckit.server.http.GrpcHttpGateway;
import io.grpckit.server.http.HttpRequestHead;
import io.grpckit.server.http.reactive.GrpcHttpReactiveHandlerMapping;
import io.grpckit.server.http.servlet.GrpcHttpServletHandlerMapping;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.cors.CorsConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcHttpAutoConfiguration} and the bridge server it builds on.
 */
class GrpcHttpAutoConfigurationTests {

	private static final HttpRequestHead CONNECT = new HttpRequestHead("POST", "/grpckit.test.Echo/Unary", null,
			Map.of("content-type", List.of("application/json")));

	private static final HttpRequestHead GRPC_WEB = new HttpRequestHead("POST", "/grpckit.test.Echo/Unary", null,
			Map.of("content-type", List.of("application/grpc-web+proto")));

	private static final HttpRequestHead TRANSCODED = new HttpRequestHead("GET", "/v1/echo/hi", null, Map.of());

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcHttpAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void servesTheThreeProtocolsOnSpringMvcThroughABridgeServer() {
		this.servlet.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(GrpcHttpBridge.class)
				.hasSingleBean(GrpcHttpGateway.class)
				.hasSingleBean(GrpcHttpServletHandlerMapping.class)
				.doesNotHaveBean(GrpcHttpReactiveHandlerMapping.class);
			// the bridge is one of the lifecycle's server factories: started and drained with it
			assertThat(context.getBeansOfType(GrpcServerFactory.class).values())
				.contains(context.getBean(GrpcHttpBridge.class));
			GrpcHttpGateway gateway = context.getBean(GrpcHttpGateway.class);
			assertThat(gateway.route(CONNECT)).isNotNull();
			assertThat(gateway.route(GRPC_WEB)).isNotNull();
			assertThat(gateway.route(TRANSCODED)).isNotNull();
			assertThat(gateway.routes()).extracting((route) -> route.httpMethod() + " " + route.pathTemplate())
				.contains("GET /v1/echo/{text}", "POST /v1/echo", "GET /v1/echo/{text}/stream");
			// 4 MiB, the server's inbound message limit, unless set
			assertThat(gateway.maxRequestSize()).isEqualTo(4 * 1024 * 1024);
		});
	}

	@Test
	void onWebFluxTheReactiveMappingServes() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcHttpAutoConfiguration.class))
			.withBean(EchoService.class)
			.withPropertyValues("grpckit.server.port=0")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(GrpcHttpReactiveHandlerMapping.class)
				.doesNotHaveBean(GrpcHttpServletHandlerMapping.class));
	}

	@Test
	void notInANonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcHttpAutoConfiguration.class))
			.withBean(EchoService.class)
			.withPropertyValues("grpckit.server.port=0")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcHttpBridge.class)
				.doesNotHaveBean(GrpcHttpGateway.class));
	}

	@Test
	void enabledFalseTurnsTheHttpSideOff() {
		this.servlet.withPropertyValues("grpckit.server.http.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcHttpBridge.class)
				.doesNotHaveBean(GrpcHttpGateway.class)
				.doesNotHaveBean(GrpcHttpServletHandlerMapping.class));
	}

	@Test
	void withoutProtobufJavaUtilTheHttpSideBacksOff() {
		this.servlet.withClassLoader(new FilteredClassLoader("com.google.protobuf.util"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcHttpBridge.class)
				.doesNotHaveBean(GrpcHttpGateway.class));
	}

	@Test
	void backsOffForAGatewayOfTheApplication() {
		GrpcHttpGateway mine = GrpcHttpGateway.builder(new GrpcHttpBridge(List.of()), List.of()).build();
		this.servlet.withBean("myGateway", GrpcHttpGateway.class, () -> mine)
			.run((context) -> assertThat(context.getBean(GrpcHttpGateway.class)).isSameAs(mine));
	}

	@Test
	void eachProtocolCanBeSwitchedOff() {
		this.servlet
			.withPropertyValues("grpckit.server.http.grpc-web.enabled=false", "grpckit.server.http.connect.enabled=false",
					"grpckit.server.http.max-request-size=1KB")
			.run((context) -> {
				GrpcHttpGateway gateway = context.getBean(GrpcHttpGateway.class);
				assertThat(gateway.route(CONNECT)).isNull();
				assertThat(gateway.route(GRPC_WEB)).isNull();
				assertThat(gateway.route(TRANSCODED)).isNotNull();
				assertThat(gateway.maxRequestSize()).isEqualTo(1024);
			});
		this.servlet.withPropertyValues("grpckit.server.http.transcoding.enabled=false").run((context) -> {
			GrpcHttpGateway gateway = context.getBean(GrpcHttpGateway.class);
			assertThat(gateway.route(TRANSCODED)).isNull();
			assertThat(gateway.routes()).isEmpty();
			assertThat(gateway.route(CONNECT)).isNotNull();
		});
	}

	@Test
	void corsIsOffUntilOriginsAreAllowed() {
		this.servlet.run((context) -> assertThat(context.getBean(GrpcHttpServletHandlerMapping.class)
			.getCorsConfigurationSource()).isNull());
		this.servlet.withPropertyValues("grpckit.server.http.cors.allowed-origins=https://app.example.com")
			.run((context) -> {
				CorsConfiguration cors = GrpcHttpAutoConfiguration.cors(context.getBean(GrpcHttpProperties.class).getCors())
					.get("/**");
				assertThat(cors.getAllowedOrigins()).containsExactly("https://app.example.com");
				assertThat(cors.getExposedHeaders()).contains("grpc-status", "grpc-message", "x-request-id");
				assertThat(cors.getAllowedHeaders()).contains("x-grpc-web", "connect-protocol-version");
			});
	}

}
