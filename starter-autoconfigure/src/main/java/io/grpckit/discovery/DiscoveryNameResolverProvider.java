package io.grpckit.discovery;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;

/**
 * Resolves {@code discovery:///<service>} targets with whichever backend is configured, so
 * that clients need not know whether services register in etcd or Consul.
 */
public final class DiscoveryNameResolverProvider extends NameResolverProvider {

	/** Scheme of the targets this provider resolves. */
	public static final String SCHEME = "discovery";

	private final NameResolverProvider backend;

	/**
	 * Create a provider.
	 * @param backend the provider of the configured backend, e.g. for {@code etcd:}
	 */
	public DiscoveryNameResolverProvider(NameResolverProvider backend) {
		this.backend = backend;
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
		return SCHEME;
	}

	@Override
	public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
		return List.of(InetSocketAddress.class);
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!SCHEME.equals(targetUri.getScheme())) {
			return null;
		}
		try {
			URI delegated = new URI(this.backend.getDefaultScheme(), targetUri.getAuthority(), targetUri.getPath(),
					targetUri.getQuery(), targetUri.getFragment());
			return this.backend.newNameResolver(delegated, args);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("target: " + targetUri + " (expected: discovery:///<service>)", ex);
		}
	}

	/**
	 * Return the scheme of the backend targets are delegated to.
	 * @return the backend scheme
	 */
	public String getBackendScheme() {
		return this.backend.getDefaultScheme();
	}

}
