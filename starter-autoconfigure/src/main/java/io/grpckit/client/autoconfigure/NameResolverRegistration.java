package io.grpckit.client.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpckit.client.StaticNameResolverProvider;

import org.springframework.beans.factory.DisposableBean;

/**
 * Keeps a {@link StaticNameResolverProvider} and every {@link NameResolverProvider} bean
 * (the discovery resolvers for {@code etcd:}, {@code consul:}, {@code discovery:}) registered
 * in grpc-java's default {@link NameResolverRegistry} while the application context runs.
 */
final class NameResolverRegistration implements DisposableBean {

	private final List<NameResolverProvider> providers = new ArrayList<>();

	NameResolverRegistration(List<NameResolverProvider> beans) {
		this.providers.add(new StaticNameResolverProvider());
		this.providers.addAll(beans);
		this.providers.forEach(NameResolverRegistry.getDefaultRegistry()::register);
	}

	@Override
	public void destroy() {
		this.providers.forEach(NameResolverRegistry.getDefaultRegistry()::deregister);
	}

}
