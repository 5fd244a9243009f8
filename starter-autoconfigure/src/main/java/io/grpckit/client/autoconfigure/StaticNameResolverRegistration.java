package io.grpckit.client.autoconfigure;

import io.grpc.NameResolverRegistry;

import io.grpckit.client.StaticNameResolverProvider;

import org.springframework.beans.factory.DisposableBean;

/**
 * Keeps a {@link StaticNameResolverProvider} registered in grpc-java's default
 * {@link NameResolverRegistry} while the application context runs.
 */
final class StaticNameResolverRegistration implements DisposableBean {

	private final StaticNameResolverProvider provider = new StaticNameResolverProvider();

	StaticNameResolverRegistration() {
		NameResolverRegistry.getDefaultRegistry().register(this.provider);
	}

	@Override
	public void destroy() {
		NameResolverRegistry.getDefaultRegistry().deregister(this.provider);
	}

}
