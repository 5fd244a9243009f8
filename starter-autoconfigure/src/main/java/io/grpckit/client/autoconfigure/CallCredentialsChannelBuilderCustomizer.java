package io.grpckit.client.autoconfigure;

import io.grpc.ManagedChannelBuilder;
import io.grpckit.client.GrpcChannelBuilderCustomizer;
import io.grpckit.client.interceptor.CallCredentialsClientInterceptor;
import io.grpckit.client.security.AuthorizationCallCredentials;
import io.grpckit.client.security.BearerTokenSupplier;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.StringUtils;

/**
 * Applies {@code grpckit.client.channel.<name>.auth.*}: a static bearer token, a
 * {@link BearerTokenSupplier} bean, or Basic credentials, sent with every call of the
 * channel, never over plaintext unless {@code allow-plaintext} is set.
 */
final class CallCredentialsChannelBuilderCustomizer implements GrpcChannelBuilderCustomizer {

	private final GrpcClientProperties properties;

	private final BeanFactory beanFactory;

	CallCredentialsChannelBuilderCustomizer(GrpcClientProperties properties, BeanFactory beanFactory) {
		this.properties = properties;
		this.beanFactory = beanFactory;
	}

	@Override
	public void customize(String name, ManagedChannelBuilder<?> builder) {
		ChannelAuthProperties auth = this.properties.resolve(name).getAuth();
		boolean allowPlaintext = Boolean.TRUE.equals(auth.getAllowPlaintext());
		String token = auth.getBearerToken();
		String supplier = auth.getTokenSupplier();
		String username = auth.getBasic().getUsername();
		int configured = (StringUtils.hasText(token) ? 1 : 0) + (StringUtils.hasText(supplier) ? 1 : 0)
				+ (StringUtils.hasText(username) ? 1 : 0);
		// at most one, checked at binding
		if (configured == 0) {
			return;
		}
		AuthorizationCallCredentials credentials;
		if (StringUtils.hasText(token)) {
			credentials = AuthorizationCallCredentials.bearer(() -> token, allowPlaintext);
		}
		else if (StringUtils.hasText(supplier)) {
			credentials = AuthorizationCallCredentials
				.bearer(this.beanFactory.getBean(supplier, BearerTokenSupplier.class), allowPlaintext);
		}
		else {
			String password = auth.getBasic().getPassword();
			credentials = AuthorizationCallCredentials.basic(username, (password != null) ? password : "",
					allowPlaintext);
		}
		builder.intercept(new CallCredentialsClientInterceptor(credentials));
	}

}
