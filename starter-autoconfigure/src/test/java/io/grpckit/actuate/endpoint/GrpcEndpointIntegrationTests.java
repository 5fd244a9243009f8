package io.grpckit.actuate.endpoint;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.grpc.ConnectivityState;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpckit.InterceptorOrder;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.server.GrpcService;
import io.grpckit.server.error.ExceptionMappingServerInterceptor;
import io.grpckit.server.interceptor.RequestIdServerInterceptor;
import io.grpckit.server.observation.GrpcServerObservationInterceptor;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.ActuatorHttp;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code grpc} endpoint over HTTP, in a whole application: the JSON lists the server,
 * its services with methods and interceptor chains, the channels with their resolved
 * addresses, and the registrations from a {@link GrpcRegistrationStateProvider}.
 */
class GrpcEndpointIntegrationTests {

	private EchoServer backend;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() {
		this.backend = EchoServer.start(new EchoService());
		this.context = new SpringApplicationBuilder(Application.class)
			.properties("server.port=0", "grpckit.server.port=0", "grpckit.server.inprocess.name=endpoint-tests",
					"management.endpoints.web.exposure.include=health,grpc",
					"grpckit.client.channel.backend.target=static://127.0.0.1:" + this.backend.port(),
					"grpckit.client.channel.self.target=in-process:endpoint-tests",
					"grpckit.server.limits.max-concurrent-calls=50",
					"grpckit.server.limits.methods[grpckit.test.Echo/Unary].rate=100")
			.run();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.context.close();
		this.backend.close();
	}

	@Test
	void describesServerServicesInterceptorsChannelsAndRegistrations() throws Exception {
		GrpcChannelFactory channels = this.context.getBean(GrpcChannelFactory.class);
		EchoGrpc.newBlockingStub(channels.createChannel("backend")).unary(EchoRequest.newBuilder().setText("x").build());
		channels.createChannel("self");
		int grpcPort = this.context.getEnvironment().getProperty("local.grpckit.server.port", Integer.class);

		DocumentContext json = JsonPath.parse(get("/actuator/grpc"));

		assertThat(json.read("$.server.state", String.class)).isEqualTo("RUNNING");
		assertThat(json.read("$.server.ports", List.class)).containsExactly(grpcPort);
		// the network server, the in-process one the test names, and the one HTTP calls go through
		List<String> addresses = json.read("$.server.addresses");
		assertThat(addresses).hasSize(3).anySatisfy((address) -> assertThat(address).startsWith("grpckit-http-"));
		List<String> services = json.read("$.server.services[*].name");
		assertThat(services).contains("grpckit.test.Echo", "grpc.health.v1.Health",
				"grpc.reflection.v1.ServerReflection");
		String echo = "$.server.services[?(@.name == 'grpckit.test.Echo')]";
		List<Map<String, String>> methods = json.read(echo + ".methods[*]");
		assertThat(methods).contains(
				Map.of("name", "Unary", "fullName", "grpckit.test.Echo/Unary", "type", "UNARY"),
				Map.of("name", "ServerStream", "fullName", "grpckit.test.Echo/ServerStream", "type",
						"SERVER_STREAMING"),
				Map.of("name", "ClientStream", "fullName", "grpckit.test.Echo/ClientStream", "type",
						"CLIENT_STREAMING"),
				Map.of("name", "Bidi", "fullName", "grpckit.test.Echo/Bidi", "type", "BIDI_STREAMING"));
		List<String> chain = json.read(echo + ".interceptors[*].type");
		assertThat(chain).containsSubsequence(RequestIdServerInterceptor.class.getName(),
				GrpcServerObservationInterceptor.class.getName(), ExceptionMappingServerInterceptor.class.getName(),
				MarkerInterceptor.class.getName());
		assertThat(chain.get(chain.size() - 1)).isEqualTo(MarkerInterceptor.class.getName());
		List<Integer> orders = json.read(echo + ".interceptors[?(@.scope == 'global')].order");
		assertThat(orders).isSorted().contains(InterceptorOrder.REQUEST_ID, InterceptorOrder.OBSERVATION,
				InterceptorOrder.EXCEPTION_MAPPING);
		assertThat(json.read(echo + ".interceptors[?(@.scope == 'service')].type", List.class))
			.containsExactly(MarkerInterceptor.class.getName());
		// a service without its own interceptors has only the global chain
		assertThat(json.read("$.server.services[?(@.name == 'grpc.health.v1.Health')].interceptors[*].scope",
				List.class)).containsOnly("global");

		// the limits and how full they are
		assertThat(json.read("$.server.limits[0]", Map.class)).containsEntry("scope", "server")
			.containsEntry("kind", "concurrency")
			.containsEntry("limit", 50)
			.containsEntry("inFlight", 0);
		assertThat(json.read("$.server.limits[1]", Map.class)).containsEntry("scope", "grpckit.test.Echo/Unary")
			.containsEntry("kind", "rate")
			.containsEntry("rate", 100.0)
			.containsEntry("burst", 100)
			.containsEntry("key", "none");
		List<String> limited = json.read(echo + ".interceptors[*].type");
		assertThat(limited).anyMatch((type) -> type.endsWith("LimitsServerInterceptor"));

		String backend = "$.channels[?(@.name == 'backend')]";
		assertThat(json.read(backend + ".target", List.class)).containsExactly("static://127.0.0.1:" + this.backend.port());
		assertThat(json.read(backend + ".state", List.class)).containsExactly(ConnectivityState.READY.name());
		assertThat(json.read(backend + ".backendAddresses[*]", List.class))
			.containsExactly("127.0.0.1:" + this.backend.port());
		// no load-balancing-policy set: recorded through the default pick_first
		assertThat(json.read(backend + ".resolvedAddresses[*]", List.class))
			.containsExactly("127.0.0.1:" + this.backend.port());
		assertThat(json.read("$.channels[?(@.name == 'self')].resolvedAddresses[*]", List.class))
			.containsExactly("in-process:endpoint-tests");
		assertThat(json.read("$.channels[*].name", List.class)).containsExactly("backend", "self");

		assertThat(json.read("$.registrations[0].registry", String.class)).isEqualTo("test-registry");
		assertThat(json.read("$.registrations[0].state", String.class)).isEqualTo("REGISTERED");
		assertThat(json.read("$.registrations[0].details.port", Integer.class)).isEqualTo(grpcPort);
	}

	@Test
	void noBackendAddressesBeforeTheFirstCall() throws Exception {
		this.context.getBean(GrpcChannelFactory.class).createChannel("backend");
		assertThat(JsonPath.parse(get("/actuator/grpc"))
			.read("$.channels[?(@.name == 'backend')].backendAddresses[*]", List.class)).isEmpty();
	}

	private String get(String path) throws Exception {
		return ActuatorHttp.get(this.context, path);
	}

	/** Named by the service's own {@code @GrpcService}. */
	public static class MarkerInterceptor implements ServerInterceptor {

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			return next.startCall(call, headers);
		}

	}

	@GrpcService(interceptors = MarkerInterceptor.class)
	static class InterceptedEchoService extends EchoService {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		InterceptedEchoService echoService() {
			return new InterceptedEchoService();
		}

		@Bean
		GrpcRegistrationStateProvider testRegistrations(org.springframework.core.env.Environment environment) {
			return () -> List.of(new GrpcEndpoint.RegistrationDescriptor("test-registry", "echo", "REGISTERED",
					Map.of("port", environment.getProperty("local.grpckit.server.port", Integer.class))));
		}

	}

}
