package io.grpckit.server.http;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.grpckit.server.GrpcServerLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.grpckit.server.GrpcServerState;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.GrpcServerTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JSON transcoding over the application's real HTTP port, on Spring MVC and on WebFlux:
 * the call meets the server's whole interceptor chain (request id, advice, security,
 * limits), streams as it is produced, is cancelled when the client goes away, and is
 * refused while the server drains.
 */
class TranscodingIntegrationTests {

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class OnSpringMvc extends Cases {

		OnSpringMvc() {
			super(WebApplicationType.SERVLET);
		}

		@Test
		void aUnaryCallRunsOnTheRequestThreadThatWaitsForIt() throws Exception {
			// Tomcat's request thread runs the service, as it would a controller: no hand-off
			assertThat(threadThatRan(context(), "on-request-thread")).startsWith("http-nio-");
		}

	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class OnSpringMvcWithTheExecutor {

		private ConfigurableApplicationContext context;

		@BeforeAll
		void start() {
			this.context = HttpApplications.start(WebApplicationType.SERVLET,
					"--grpckit.server.http.run-on-request-thread=false", "--grpckit.server.http.grpc-observation=true");
		}

		@AfterAll
		void stop() {
			this.context.close();
		}

		@Test
		void aUnaryCallRunsOnTheServiceExecutorWhenAskedTo() throws Exception {
			assertThat(threadThatRan(this.context, "on-executor")).startsWith("grpc-service-");
		}

		@Test
		void anHttpCallIsAlsoObservedAsAGrpcCallWhenAskedTo() throws Exception {
			MeterRegistry meters = this.context.getBean(MeterRegistry.class);
			long grpc = Cases.grpcUnaryCount(meters);
			long http = Cases.routeCount(meters);
			threadThatRan(this.context, "twice");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Cases.grpcUnaryCount(meters) >= grpc + 1 && Cases.routeCount(meters) >= http + 1);
		}

	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class OnWebFlux extends Cases {

		OnWebFlux() {
			super(WebApplicationType.REACTIVE);
		}

		@Test
		void aUnaryCallNeverRunsOnTheEventLoop() throws Exception {
			assertThat(threadThatRan(context(), "off-event-loop")).startsWith("grpc-service-");
		}

	}

	/** Call Unary over HTTP with a text of its own and return the thread that ran it. */
	static String threadThatRan(ConfigurableApplicationContext context, String text) throws Exception {
		HttpResponse<String> response = HttpApplications.http.send(
				HttpApplications.request(context, "/v1/echo/" + text).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> threads = context.getBean(EchoService.class).threads();
		return threads.get(threads.size() - 1);
	}

	abstract static class Cases {

		private final WebApplicationType type;

		private ConfigurableApplicationContext context;

		Cases(WebApplicationType type) {
			this.type = type;
		}

		@BeforeAll
		void start() {
			this.context = HttpApplications.start(this.type);
		}

		@AfterAll
		void stop() {
			this.context.close();
		}

		@Test
		void aUnaryAnswerLeavesWholeWithItsLength() throws Exception {
			// the head says the length: however the threads interleave or the web server
			// flushes, never a chunked body (a race once sent one in a few hundred calls)
			for (int i = 0; i < 200; i++) {
				HttpResponse<String> response = send(HttpApplications.request(context(), "/v1/echo/whole" + i));
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.headers().firstValue("transfer-encoding")).isEmpty();
				assertThat(response.headers().firstValueAsLong("content-length"))
					.hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
			}
		}

		ConfigurableApplicationContext context() {
			return this.context;
		}

		@Test
		void theHttpMetricsNameTheRouteNotTheRawPath() throws Exception {
			MeterRegistry meters = this.context.getBean(MeterRegistry.class);
			long before = routeCount(meters);
			for (String text : List.of("first", "second")) {
				assertThat(send(HttpApplications.request(this.context, "/v1/echo/" + text)).statusCode()).isEqualTo(200);
			}
			// the timer is recorded as the exchange completes, just after the client has the answer; so the
			// previous test's call to the same route may be counted after `before` was read
			await().atMost(Duration.ofSeconds(10)).until(() -> routeCount(meters) >= before + 2);
			assertThat(meters.find("http.server.requests").tag("uri", "/v1/echo/first").timers()).isEmpty();
		}

		@Test
		void anHttpCallIsObservedOnceAsAnHttpRequest() throws Exception {
			MeterRegistry meters = this.context.getBean(MeterRegistry.class);
			long http = routeCount(meters);
			assertThat(send(HttpApplications.request(this.context, "/v1/echo/once")).statusCode()).isEqualTo(200);
			// (at least: an earlier test's request may be counted late)
			await().atMost(Duration.ofSeconds(10)).until(() -> routeCount(meters) >= http + 1);
			// every call in this application comes over HTTP: none of them is a gRPC observation
			assertThat(grpcUnaryCount(meters)).isZero();
		}

		static long grpcUnaryCount(MeterRegistry meters) {
			return meters.find("grpc.server").tag("rpc.method", "Unary").timers().stream()
				.mapToLong((timer) -> timer.count())
				.sum();
		}

		static long routeCount(MeterRegistry meters) {
			return meters.find("http.server.requests").tag("uri", "/v1/echo/{text}").timers().stream()
				.mapToLong((timer) -> timer.count())
				.sum();
		}

		private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
			return HttpApplications.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		@Test
		void getBindsThePathAndEchoesTheRequestId() throws Exception {
			HttpResponse<String> response = send(
					HttpApplications.request(this.context, "/v1/echo/h%C3%A9llo%20world").header("x-request-id", "req-42"));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			assertThat(response.headers().firstValue("x-request-id")).hasValue("req-42");
			assertThat(response.body()).contains("\"text\":\"h\u00e9llo world\"");
		}

		@Test
		void theServiceSeesTheRequestIdOfTheHttpRequest() throws Exception {
			HttpResponse<String> response = send(
					HttpApplications.request(this.context, "/v1/echo/request-id").header("x-request-id", "req-seen"));
			assertThat(response.body()).contains("\"text\":\"req-seen\"");
		}

		@Test
		void postBindsTheWholeBody() throws Exception {
			HttpResponse<String> response = send(HttpApplications.request(this.context, "/v1/echo")
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"posted\",\"count\":2}")));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"text\":\"posted\"");
		}

		@Test
		void aMalformedBodyIs400WithTheStatusJson() throws Exception {
			HttpResponse<String> response = send(HttpApplications.request(this.context, "/v1/echo")
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"text\":")));
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("\"code\":3");
		}

		@Test
		void aServiceErrorHasTheHttpStatusOfItsCode() throws Exception {
			HttpResponse<String> response = send(HttpApplications.request(this.context, "/v1/echo/status:invalid"));
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("\"code\":3").contains("text: invalid");
		}

		@Test
		void grpcAdviceMappingsApply() throws Exception {
			HttpResponse<String> response = send(HttpApplications.request(this.context, "/v1/echo/throw:illegal"));
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("mapped by advice").doesNotContain(EchoService.SECRET);
		}

		@Test
		void aHandlersRichStatusShowsItsDetailsInTheBody() throws Exception {
			HttpResponse<String> response = send(
					HttpApplications.request(this.context, "/v1/echo/rich:bad-request"));
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("\"@type\":\"type.googleapis.com/google.rpc.BadRequest\"")
				.contains("\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\"");
			com.google.rpc.Status.Builder body = com.google.rpc.Status.newBuilder();
			JsonFormat.parser()
				.usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
					.add(List.of(BadRequest.getDescriptor(), RetryInfo.getDescriptor()))
					.build())
				.merge(response.body(), body);
			assertThat(body.getCode()).isEqualTo(3);
			assertThat(body.getMessage()).isEqualTo(GrpcServerTestApplication.RICH_MESSAGE);
			assertThat(body.getDetails(0).unpack(BadRequest.class).getFieldViolations(0).getField()).isEqualTo("text");
			assertThat(body.getDetails(0).unpack(BadRequest.class).getFieldViolations(0).getDescription())
				.isEqualTo(GrpcServerTestApplication.RICH_RULE);
			assertThat(body.getDetails(1).unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(3);
		}

		@Test
		void clientStreamingMethodsAre501AndOtherMethodsOfAKnownPath405() throws Exception {
			HttpResponse<String> streaming = send(HttpApplications.request(this.context, "/v1/echo:collect")
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}")));
			assertThat(streaming.statusCode()).isEqualTo(501);
			assertThat(streaming.body()).contains("\"code\":12");
			HttpResponse<String> wrongMethod = send(
					HttpApplications.request(this.context, "/v1/echo/x").DELETE());
			assertThat(wrongMethod.statusCode()).isEqualTo(405);
			assertThat(wrongMethod.headers().firstValue("allow")).hasValue("GET");
		}

		@Test
		void theFirstLineArrivesWhileTheServiceStillStreamsAndLeavingCancelsTheCall() throws Exception {
			EchoService service = this.context.getBean(EchoService.class);
			int cancelledBefore = service.cancelledCount();
			// 1,000 replies 200 ms apart: the stream would last minutes
			HttpResponse<InputStream> response = HttpApplications.http.send(
					HttpApplications.request(this.context, "/v1/echo/slow/stream?count=1000&delay_ms=200").build(),
					HttpResponse.BodyHandlers.ofInputStream());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
			BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
			assertThat(lines.readLine()).contains("\"text\":\"slow\"").contains("\"index\":1");
			assertThat(lines.readLine()).contains("\"index\":2");
			assertThat(service.cancelledCount()).isEqualTo(cancelledBefore);
			response.body().close();
			await().atMost(Duration.ofSeconds(20)).until(() -> service.cancelledCount() > cancelledBefore);
		}

		@Test
		void serverSentEventsWhenTheClientAsksForThem() throws Exception {
			HttpResponse<String> response = send(
					HttpApplications.request(this.context, "/v1/echo/sse/stream?count=2").header("accept", "text/event-stream"));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			assertThat(response.body().split("\n\n")).hasSize(2)
				.allSatisfy((event) -> assertThat(event).startsWith("data: {"));
		}

	}

	@Nested
	class Guarded {

		@Test
		void onSpringMvc() throws Exception {
			guarded(WebApplicationType.SERVLET);
		}

		@Test
		void onWebFlux() throws Exception {
			guarded(WebApplicationType.REACTIVE);
		}

		private void guarded(WebApplicationType type) throws Exception {
			try (ConfigurableApplicationContext context = new org.springframework.boot.builder.SpringApplicationBuilder(
					io.grpckit.testsupport.GrpcServerTestApplication.class, Users.class)
				.web(type)
				.run("--server.port=0", "--grpckit.server.port=0", "--server.address=127.0.0.1",
						"--grpckit.server.security.enabled=true", "--grpckit.server.security.default-access=permit-all",
						"--grpckit.server.security.rules[0].methods=grpckit.test.Echo/Unary",
						"--grpckit.server.limits.methods[grpckit.test.Echo/Unary].rate=0.1",
						"--grpckit.server.limits.methods[grpckit.test.Echo/Unary].burst=1",
						"--grpckit.server.limits.methods[grpckit.test.Echo/Unary].key=principal",
						"--grpckit.server.limits.methods[grpckit.test.Echo/ServerStream].max-concurrent-calls=1",
						"--grpckit.server.http.max-request-size=1KB")) {
				// a body over max-request-size: 429 RESOURCE_EXHAUSTED, the service not called
				HttpResponse<String> large = HttpApplications.http.send(HttpApplications.request(context, "/v1/echo")
					.header("content-type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + "x".repeat(2048) + "\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(large.statusCode()).isEqualTo(429);
				assertThat(large.body()).contains("\"code\":8").contains("larger than the server accepts");
				// security: no credentials, 401 with UNAUTHENTICATED (16)
				HttpResponse<String> anonymous = HttpApplications.http.send(
						HttpApplications.request(context, "/v1/echo/x").build(), HttpResponse.BodyHandlers.ofString());
				assertThat(anonymous.statusCode()).isEqualTo(401);
				assertThat(anonymous.body()).contains("\"code\":16");
				// a rate: the first call passes, the next is 429 RESOURCE_EXHAUSTED (8)
				String alice = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
				HttpResponse<String> first = HttpApplications.http.send(
						HttpApplications.request(context, "/v1/echo/x").header("authorization", alice).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(first.statusCode()).isEqualTo(200);
				HttpResponse<String> second = HttpApplications.http.send(
						HttpApplications.request(context, "/v1/echo/x").header("authorization", alice).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(second.statusCode()).isEqualTo(429);
				assertThat(second.body()).contains("\"code\":8");
				// a concurrency limit: one stream open, the next is 503 UNAVAILABLE (14)
				HttpResponse<InputStream> open = HttpApplications.http.send(
						HttpApplications.request(context, "/v1/echo/held/stream?count=1000&delay_ms=200").build(),
						HttpResponse.BodyHandlers.ofInputStream());
				new BufferedReader(new InputStreamReader(open.body(), StandardCharsets.UTF_8)).readLine();
				HttpResponse<String> refused = HttpApplications.http.send(
						HttpApplications.request(context, "/v1/echo/y/stream").build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(refused.statusCode()).isEqualTo(503);
				assertThat(refused.body()).contains("\"code\":14");
				open.body().close();
			}
		}

	}

	@Nested
	class GracefulShutdown {

		@Test
		void onSpringMvc() throws Exception {
			drain(WebApplicationType.SERVLET);
		}

		@Test
		void onWebFlux() throws Exception {
			drain(WebApplicationType.REACTIVE);
		}

		private void drain(WebApplicationType type) throws Exception {
			ConfigurableApplicationContext context = HttpApplications.start(type,
					"--grpckit.server.shutdown.quiet-period=0s", "--grpckit.server.shutdown.grace-period=30s");
			// a stream in flight holds the drain open
			HttpResponse<InputStream> open = HttpApplications.http.send(
					HttpApplications.request(context, "/v1/echo/held/stream?count=1000&delay_ms=100").build(),
					HttpResponse.BodyHandlers.ofInputStream());
			BufferedReader held = new BufferedReader(new InputStreamReader(open.body(), StandardCharsets.UTF_8));
			assertThat(held.readLine()).contains("\"index\":1");
			GrpcServerLifecycle lifecycle = context.getBean(GrpcServerLifecycle.class);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().atMost(Duration.ofSeconds(20)).until(() -> lifecycle.getState() == GrpcServerState.STOPPING);
			List<Integer> statuses = new ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				HttpResponse<String> during = HttpApplications.http.send(
						HttpApplications.request(context, "/v1/echo/late").build(), HttpResponse.BodyHandlers.ofString());
				statuses.add(during.statusCode());
				assertThat(during.statusCode()).isEqualTo(503);
				assertThat(during.body()).contains("\"code\":14");
			});
			// before the refusal, calls were still served; nothing else was answered
			assertThat(statuses).allMatch((status) -> status == 200 || status == 503);
			// the call in flight kept streaming through the drain
			assertThat(held.readLine()).contains("\"text\":\"held\"");
			open.body().close();
			closing.get(60, java.util.concurrent.TimeUnit.SECONDS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Users {

		@Bean
		AuthenticationManager authenticationManager() {
			InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}secret").roles("USER").build());
			return new ProviderManager(new DaoAuthenticationProvider(users));
		}

	}

}
