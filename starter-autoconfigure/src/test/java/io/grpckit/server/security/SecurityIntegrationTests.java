package io.grpckit.server.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import io.grpckit.server.autoconfigure.reflection.GrpcServerReflectionAutoConfiguration;
import io.grpckit.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication and authorization of real calls over a real server: Basic through the
 * application's AuthenticationManager, JWTs through a JwtDecoder, rules by method pattern,
 * for unary and streaming calls.
 */
class SecurityIntegrationTests {

	private static KeyPair jwtKeys;

	@BeforeAll
	static void generateJwtKeys() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		jwtKeys = generator.generateKeyPair();
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerReflectionAutoConfiguration.class, GrpcServerHealthAutoConfiguration.class,
				GrpcServerSecurityAutoConfiguration.class))
		.withBean(EchoService.class)
		.withUserConfiguration(Users.class, SecurityBeans.class)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.address=127.0.0.1");

	@Test
	void deniedByDefaultWithoutCredentials() {
		this.runner.run((context) -> withChannel(context, null, (channel) -> {
			assertThat(unary(channel)).isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(serverStream(channel)).isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(bidi(channel)).isEqualTo(Status.Code.UNAUTHENTICATED);
		}));
	}

	@Test
	void deniedByDefaultWithCredentials() {
		this.runner.run((context) -> withChannel(context, basic("alice", "secret"), (channel) -> {
			assertThat(unary(channel)).isEqualTo(Status.Code.PERMISSION_DENIED);
			assertThat(serverStream(channel)).isEqualTo(Status.Code.PERMISSION_DENIED);
		}));
	}

	@Test
	void basicThroughTheApplicationsAuthenticationManager() {
		this.runner.withPropertyValues("grpckit.server.security.default-access=authenticated")
			.run((context) -> {
				withChannel(context, basic("alice", "secret"), (channel) -> {
					assertThat(unary(channel)).isEqualTo(Status.Code.OK);
					assertThat(serverStream(channel)).isEqualTo(Status.Code.OK);
					assertThat(bidi(channel)).isEqualTo(Status.Code.OK);
				});
				withChannel(context, basic("alice", "wrong"), (channel) -> {
					assertThat(unary(channel)).isEqualTo(Status.Code.UNAUTHENTICATED);
					assertThat(bidi(channel)).isEqualTo(Status.Code.UNAUTHENTICATED);
				});
				withChannel(context, "Basic %%%", (channel) -> assertThat(unary(channel))
					.isEqualTo(Status.Code.UNAUTHENTICATED));
			});
	}

	@Test
	void validJwtAcceptedExpiredAndForeignRefused() throws Exception {
		String valid = jwt(jwtKeys, Instant.now().plus(Duration.ofMinutes(5)), "echo");
		String expired = jwt(jwtKeys, Instant.now().minus(Duration.ofMinutes(5)), "echo");
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		String foreign = jwt(generator.generateKeyPair(), Instant.now().plus(Duration.ofMinutes(5)), "echo");
		this.runner
			.withPropertyValues("grpckit.server.security.rules[0].methods=grpckit.test.Echo/*",
					"grpckit.server.security.rules[0].authorities=SCOPE_echo")
			.run((context) -> {
				withChannel(context, "Bearer " + valid, (channel) -> {
					assertThat(unary(channel)).isEqualTo(Status.Code.OK);
					assertThat(serverStream(channel)).isEqualTo(Status.Code.OK);
				});
				withChannel(context, "Bearer " + expired,
						(channel) -> assertThat(unary(channel)).isEqualTo(Status.Code.UNAUTHENTICATED));
				withChannel(context, "Bearer " + foreign,
						(channel) -> assertThat(unary(channel)).isEqualTo(Status.Code.UNAUTHENTICATED));
			});
	}

	@Test
	void rulesByMethodPatternFirstMatchWins() {
		this.runner
			.withPropertyValues("grpckit.server.security.rules[0].methods=grpckit.test.Echo/Unary",
					"grpckit.server.security.rules[0].access=permit-all",
					"grpckit.server.security.rules[1].methods=grpckit.test.Echo/*Stream,grpckit.test.Echo/Bidi",
					"grpckit.server.security.rules[1].authorities=ROLE_ADMIN")
			.run((context) -> {
				withChannel(context, null, (channel) -> {
					assertThat(unary(channel)).isEqualTo(Status.Code.OK);
					assertThat(serverStream(channel)).isEqualTo(Status.Code.UNAUTHENTICATED);
				});
				withChannel(context, basic("alice", "secret"), (channel) -> {
					assertThat(serverStream(channel)).isEqualTo(Status.Code.PERMISSION_DENIED);
					assertThat(bidi(channel)).isEqualTo(Status.Code.PERMISSION_DENIED);
				});
				withChannel(context, basic("admin", "secret"), (channel) -> {
					assertThat(serverStream(channel)).isEqualTo(Status.Code.OK);
					assertThat(bidi(channel)).isEqualTo(Status.Code.OK);
				});
			});
	}

	@Test
	void refusalsLeakNoDetail() {
		this.runner.run((context) -> withChannel(context, basic("alice", "wrong"), (channel) -> {
			StatusRuntimeException ex = callUnary(channel);
			assertThat(ex.getStatus().getDescription()).isEqualTo("Authentication required");
			assertThat(ex.getStatus().getCause()).isNull();
		}));
	}

	@Test
	void healthAndReflectionClosedUnlessConfigured() {
		this.runner.run((context) -> withChannel(context, null, (channel) -> {
			assertThat(health(channel)).isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(reflection(channel)).isEqualTo(Status.Code.UNAUTHENTICATED);
		}));
		this.runner
			.withPropertyValues("grpckit.server.security.permit-health=true",
					"grpckit.server.security.permit-reflection=true")
			.run((context) -> withChannel(context, null, (channel) -> {
				assertThat(health(channel)).isEqualTo(Status.Code.OK);
				assertThat(reflection(channel)).isEqualTo(Status.Code.OK);
				assertThat(unary(channel)).isEqualTo(Status.Code.UNAUTHENTICATED);
			}));
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
	}

	static String jwt(KeyPair keys, Instant expiry, String scope) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("jwt-user")
			.issueTime(Date.from(expiry.minus(Duration.ofMinutes(10))))
			.expirationTime(Date.from(expiry))
			.claim("scope", scope)
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		jwt.sign(new RSASSASigner(keys.getPrivate()));
		return jwt.serialize();
	}

	static void withChannel(ConfigurableApplicationContext context, String authorization, Consumer<Channel> test) {
		ManagedChannel managed = Channels.loopback(context.getBean(GrpcServerLifecycle.class).getPort());
		try {
			Metadata headers = new Metadata();
			if (authorization != null) {
				headers.put(GrpcAuthenticationReader.AUTHORIZATION, authorization);
			}
			test.accept(ClientInterceptors.intercept(managed, MetadataUtils.newAttachHeadersInterceptor(headers)));
		}
		finally {
			Channels.close(managed);
		}
	}

	static StatusRuntimeException callUnary(Channel channel) {
		return org.assertj.core.api.Assertions.catchThrowableOfType(StatusRuntimeException.class,
				() -> EchoGrpc.newBlockingStub(channel).unary(request()));
	}

	static Status.Code unary(Channel channel) {
		return code(() -> EchoGrpc.newBlockingStub(channel).unary(request()));
	}

	static Status.Code serverStream(Channel channel) {
		return code(() -> {
			Iterator<EchoReply> replies = EchoGrpc.newBlockingStub(channel).serverStream(request());
			replies.forEachRemaining((reply) -> {
			});
		});
	}

	static Status.Code bidi(Channel channel) {
		return code(() -> {
			RecordingObserver replies = new RecordingObserver();
			StreamObserver<EchoRequest> requests = EchoGrpc.newStub(channel).bidi(replies.any());
			requests.onNext(request());
			requests.onCompleted();
			replies.await();
		});
	}

	static Status.Code health(Channel channel) {
		return code(() -> HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()));
	}

	static Status.Code reflection(Channel channel) {
		return code(() -> {
			RecordingObserver replies = new RecordingObserver();
			StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
				.serverReflectionInfo(replies.any());
			requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
			requests.onCompleted();
			replies.await();
		});
	}

	static EchoRequest request() {
		return EchoRequest.newBuilder().setText("hello").build();
	}

	private static Status.Code code(Runnable call) {
		try {
			call.run();
			return Status.Code.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Users {

		@Bean
		AuthenticationManager authenticationManager() {
			InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}secret").roles("USER").build(),
					User.withUsername("admin").password("{noop}secret").roles("ADMIN").build());
			return new ProviderManager(new DaoAuthenticationProvider(users));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecurityBeans {

		@Bean
		JwtDecoder jwtDecoder() {
			return NimbusJwtDecoder.withPublicKey((RSAPublicKey) jwtKeys.getPublic()).build();
		}

	}

	/** Waits for the end of a stream; rethrows its failure. */
	static final class RecordingObserver implements StreamObserver<Object> {

		private final java.util.concurrent.CompletableFuture<List<Object>> done = new java.util.concurrent.CompletableFuture<>();

		private final List<Object> values = new ArrayList<>();

		@SuppressWarnings("unchecked")
		<T> StreamObserver<T> any() {
			return (StreamObserver<T>) this;
		}

		@Override
		public void onNext(Object value) {
			this.values.add(value);
		}

		@Override
		public void onError(Throwable t) {
			this.done.completeExceptionally(t);
		}

		@Override
		public void onCompleted() {
			this.done.complete(this.values);
		}

		@SuppressWarnings("unchecked")
		void await() {
			try {
				this.done.get(10, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				throw (StatusRuntimeException) ex.getCause();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
