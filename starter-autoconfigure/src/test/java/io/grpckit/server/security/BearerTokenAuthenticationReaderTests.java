package io.grpckit.server.security;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Status;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bearer token reader over real calls: by default it makes the resource server's
 * {@link BearerTokenAuthenticationToken}; with a function an application plugs in a token
 * type of its own, authenticated by its own {@link AuthenticationManager}.
 */
class BearerTokenAuthenticationReaderTests {

	private static final String TOKEN = "s3cr3t-token";

	private final Queue<Authentication> seen = new ConcurrentLinkedQueue<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerSecurityAutoConfiguration.class))
		.withBean(EchoService.class)
		.withBean(AuthenticationManager.class, () -> this::authenticate)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.address=127.0.0.1",
				"grpckit.server.security.default-access=authenticated");

	@Test
	void readsTheTokenIntoTheApplicationsOwnAuthenticationType() {
		this.runner
			.withBean(GrpcAuthenticationReader.class, () -> new BearerTokenAuthenticationReader(ApiToken::new))
			.run((context) -> {
				assertThat(callWith(context, "Bearer " + TOKEN)).isEqualTo(Status.Code.OK);
				assertThat(callWith(context, "bearer   " + TOKEN + " ")).isEqualTo(Status.Code.OK);
				assertThat(callWith(context, "Bearer wrong")).isEqualTo(Status.Code.UNAUTHENTICATED);
				assertThat(this.seen).hasSize(3)
					.allSatisfy((request) -> assertThat(request).isInstanceOf(ApiToken.class))
					.extracting(Authentication::getCredentials)
					.containsExactly(TOKEN, TOKEN, "wrong");
			});
	}

	@Test
	void noTokenIsNoCredentialsAndAnEmptyOneIsRefusedBeforeTheManager() {
		this.runner
			.withBean(GrpcAuthenticationReader.class, () -> new BearerTokenAuthenticationReader(ApiToken::new))
			.run((context) -> {
				assertThat(callWith(context, null)).isEqualTo(Status.Code.UNAUTHENTICATED);
				assertThat(callWith(context, "Basic " + TOKEN)).isEqualTo(Status.Code.UNAUTHENTICATED);
				assertThat(callWith(context, "Bearer   ")).isEqualTo(Status.Code.UNAUTHENTICATED);
				assertThat(this.seen).isEmpty();
			});
	}

	@Test
	void defaultsToTheResourceServersBearerToken() {
		this.runner.withBean(GrpcAuthenticationReader.class, BearerTokenAuthenticationReader::new)
			.run((context) -> {
				assertThat(callWith(context, "Bearer " + TOKEN)).isEqualTo(Status.Code.OK);
				assertThat(this.seen).singleElement()
					.isInstanceOfSatisfying(BearerTokenAuthenticationToken.class,
							(request) -> assertThat(request.getToken()).isEqualTo(TOKEN));
			});
	}

	private static Status.Code callWith(ConfigurableApplicationContext context, String authorization) {
		AtomicReference<Status.Code> code = new AtomicReference<>();
		SecurityIntegrationTests.withChannel(context, authorization,
				(channel) -> code.set(SecurityIntegrationTests.unary(channel)));
		return code.get();
	}

	private Authentication authenticate(Authentication request) {
		this.seen.add(request);
		if (!TOKEN.equals(request.getCredentials())) {
			throw new BadCredentialsException("Unknown token");
		}
		return new TestingAuthenticationToken("api-client", null, List.of());
	}

	/** An application's own token type, unauthenticated as read. */
	static final class ApiToken extends AbstractAuthenticationToken {

		private final String token;

		ApiToken(String token) {
			super(List.of());
			this.token = token;
		}

		@Override
		public String getCredentials() {
			return this.token;
		}

		@Override
		public Object getPrincipal() {
			return null;
		}

	}

}
