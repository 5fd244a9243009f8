package io.grpckit.client.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import org.jspecify.annotations.Nullable;

/**
 * Base of grpckit's name resolver providers: one scheme each, resolving to
 * {@link InetSocketAddress InetSocketAddresses}, registered while the application context
 * runs.
 */
public abstract class InetNameResolverProvider extends NameResolverProvider {

	private final String scheme;

	protected InetNameResolverProvider(String scheme) {
		this.scheme = scheme;
	}

	@Override
	protected boolean isAvailable() {
		return true;
	}

	@Override
	protected int priority() {
		return 5;
	}

	@Override
	public String getDefaultScheme() {
		return this.scheme;
	}

	@Override
	public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
		return List.of(InetSocketAddress.class);
	}

	@Override
	public final @Nullable NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		return this.scheme.equals(targetUri.getScheme()) ? createResolver(targetUri, args) : null;
	}

	/**
	 * Create the resolver for a target of this provider's scheme.
	 * @param targetUri the target
	 * @param args grpc-java's arguments for the resolver
	 * @return the resolver
	 */
	protected abstract NameResolver createResolver(URI targetUri, NameResolver.Args args);

}
