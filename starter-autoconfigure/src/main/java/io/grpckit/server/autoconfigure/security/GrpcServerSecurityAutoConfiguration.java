package io.grpckit.server.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.grpc.Server;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.server.security.AuthenticationServerInterceptor;
import io.grpckit.server.security.BasicAuthenticationReader;
import io.grpckit.server.security.GrpcAccess;
import io.grpckit.server.security.GrpcAuthenticationReader;
import io.grpckit.server.security.GrpcMethodRule;
import io.grpckit.server.security.GrpcMethodRules;
import io.grpckit.server.security.SecurityExceptionResolver;
import io.grpckit.server.security.X509CertificateAuthenticationProvider;
import io.grpckit.server.security.X509CertificateAuthenticationReader;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Authentication and per-method authorization of every call, through Spring Security.
 * Fails closed: once Spring Security is on the classpath, methods no rule opens are denied.
 * <p>
 * Credentials: a bearer token (JWTs through a {@code JwtDecoder} bean), Basic, or the TLS
 * client certificate; or the user's {@link GrpcAuthenticationReader} beans instead. They are
 * authenticated by grpckit's providers (JWT, client certificate, and {@code UserDetailsService}
 * for Basic when there is no {@link AuthenticationManager} bean), then by the application's
 * {@link AuthenticationManager} bean.
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class)
@ConditionalOnClass({ Server.class, AuthenticationManager.class })
@ConditionalOnGrpcServer
@ConditionalOnBooleanProperty(name = "grpckit.server.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcServerSecurityProperties.class)
public final class GrpcServerSecurityAutoConfiguration {

	private static final String PREFIX = "grpckit.server.security";

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnMissingBean
	AuthenticationServerInterceptor grpckitAuthenticationServerInterceptor(GrpcServerSecurityProperties properties,
			ObjectProvider<GrpcAuthenticationReader> readers, ObjectProvider<AuthenticationManager> authenticationManager,
			ObjectProvider<UserDetailsService> users, ObjectProvider<PasswordEncoder> passwordEncoder,
			BeanFactory beanFactory) {
		List<GrpcAuthenticationReader> userReaders = readers.orderedStream().toList();
		return new AuthenticationServerInterceptor(userReaders.isEmpty() ? defaultReaders() : userReaders,
				authenticationManager(authenticationManager.getIfUnique(), users.getIfUnique(),
						passwordEncoder.getIfUnique(), beanFactory),
				rules(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityExceptionResolver grpckitSecurityExceptionResolver() {
		return new SecurityExceptionResolver();
	}

	private static List<GrpcAuthenticationReader> defaultReaders() {
		List<GrpcAuthenticationReader> readers = new ArrayList<>();
		if (JwtAuthenticationSupport.BEARER_PRESENT) {
			readers.add(JwtAuthenticationSupport.bearerTokenReader());
		}
		readers.add(new BasicAuthenticationReader());
		// metadata first: a caller may present a token on top of its client certificate
		readers.add(new X509CertificateAuthenticationReader());
		return readers;
	}

	private static AuthenticationManager authenticationManager(@Nullable AuthenticationManager application,
			@Nullable UserDetailsService users, @Nullable PasswordEncoder passwordEncoder, BeanFactory beanFactory) {
		List<AuthenticationProvider> providers = new ArrayList<>();
		if (JwtAuthenticationSupport.JWT_PRESENT) {
			JwtAuthenticationSupport.addJwtProvider(beanFactory, providers);
		}
		providers.add(new X509CertificateAuthenticationProvider(users));
		if (application == null && users != null) {
			DaoAuthenticationProvider basic = new DaoAuthenticationProvider(users);
			if (passwordEncoder != null) {
				basic.setPasswordEncoder(passwordEncoder);
			}
			providers.add(basic);
		}
		// the application's manager is asked for whatever these providers do not handle
		return new ProviderManager(providers, application);
	}

	static GrpcMethodRules rules(GrpcServerSecurityProperties properties) {
		List<GrpcMethodRule> rules = new ArrayList<>();
		if (properties.isPermitHealth()) {
			rules.add(new GrpcMethodRule(List.of("grpc.health.v1.Health/*"), GrpcAccess.PERMIT_ALL, Set.of()));
		}
		if (properties.isPermitReflection()) {
			rules.add(new GrpcMethodRule(List.of("grpc.reflection.*"), GrpcAccess.PERMIT_ALL, Set.of()));
		}
		List<GrpcServerSecurityProperties.Rule> configured = properties.getRules();
		for (int i = 0; i < configured.size(); i++) {
			GrpcServerSecurityProperties.Rule rule = configured.get(i);
			String property = PREFIX + ".rules[" + i + "]";
			if (rule.getMethods().isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(property + ".methods", null,
						"a rule needs at least one method pattern");
			}
			if (!rule.getAuthorities().isEmpty() && rule.getAccess() != GrpcAccess.AUTHENTICATED) {
				throw new InvalidConfigurationPropertyValueException(property + ".authorities", rule.getAuthorities(),
						"authorities need access 'authenticated', not '" + rule.getAccess() + "'");
			}
			rules.add(new GrpcMethodRule(rule.getMethods(), rule.getAccess(), Set.copyOf(rule.getAuthorities())));
		}
		return new GrpcMethodRules(rules, properties.getDefaultAccess());
	}

}
