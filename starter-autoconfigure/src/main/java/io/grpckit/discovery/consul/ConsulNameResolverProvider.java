package io.grpckit.discovery.consul;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.ServiceNames;

/**
 * Resolves {@code consul:///<service>} targets to the passing instances of the service,
 * updated through Consul's blocking queries.
 */
public final class ConsulNameResolverProvider extends NameResolverProvider {

	/** Scheme of the targets this provider resolves. */
	public static final String SCHEME = "consul";

	private final ConsulClient client;

	private final Duration wait;

	private final Backoff backoff;

	/**
	 * Create a provider.
	 * @param client the Consul client
	 * @param wait the longest time a blocking query waits for a change
	 * @param backoff the backoff between failed queries
	 */
	public ConsulNameResolverProvider(ConsulClient client, Duration wait, Backoff backoff) {
		this.client = client;
		this.wait = wait;
		this.backoff = backoff;
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
		return new ConsulNameResolver(this.client, ServiceNames.of(targetUri), this.wait, this.backoff, args);
	}

}
