package io.grpckit.discovery;

import java.net.URI;
import java.net.URISyntaxException;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpckit.client.internal.InetNameResolverProvider;

/**
 * Resolves {@code discovery:///<service>} targets with whichever backend is configured, so
 * that clients need not know whether services register in etcd or Consul; with neither, through
 * Spring Cloud's {@code DiscoveryClient}, as grpc-spring's {@code discovery:///} did.
 */
public final class DiscoveryNameResolverProvider extends InetNameResolverProvider {

	/** Scheme of the targets this provider resolves. */
	public static final String SCHEME = "discovery";

	private final NameResolverProvider backend;

	/**
	 * Create a provider.
	 * @param backend the provider of the configured backend, e.g. for {@code etcd:}
	 */
	public DiscoveryNameResolverProvider(NameResolverProvider backend) {
		super(SCHEME);
		this.backend = backend;
	}

	@Override
	protected NameResolver createResolver(URI targetUri, NameResolver.Args args) {
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
