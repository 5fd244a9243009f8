package io.grpckit.discovery.consul;

import java.net.URI;
import java.time.Duration;

import io.grpc.NameResolver;
import io.grpckit.client.internal.InetNameResolverProvider;
import io.grpckit.discovery.consul.internal.ConsulClient;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.ServiceNames;

/**
 * Resolves {@code consul:///<service>} targets to the passing instances of the service,
 * updated through Consul's blocking queries.
 */
public final class ConsulNameResolverProvider extends InetNameResolverProvider {

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
		super(SCHEME);
		this.client = client;
		this.wait = wait;
		this.backoff = backoff;
	}

	@Override
	protected NameResolver createResolver(URI targetUri, NameResolver.Args args) {
		return new ConsulNameResolver(this.client, ServiceNames.of(targetUri), this.wait, this.backoff, args);
	}

}
