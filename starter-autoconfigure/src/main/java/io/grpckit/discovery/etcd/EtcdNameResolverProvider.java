package io.grpckit.discovery.etcd;

import java.net.URI;

import io.etcd.jetcd.Client;
import io.grpc.NameResolver;
import io.grpckit.client.internal.InetNameResolverProvider;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.ServiceNames;

/**
 * Resolves {@code etcd:///<service>} targets to the instances registered under
 * {@code <prefix>/<service>/}, pushed by an etcd watch.
 */
public final class EtcdNameResolverProvider extends InetNameResolverProvider {

	/** Scheme of the targets this provider resolves. */
	public static final String SCHEME = "etcd";

	private final Client client;

	private final EtcdInstanceCodec codec;

	private final Backoff backoff;

	/**
	 * Create a provider.
	 * @param client the etcd client; not closed by the provider
	 * @param prefix the key prefix, e.g. {@code /grpckit/services}
	 * @param backoff the backoff between failed reads
	 */
	public EtcdNameResolverProvider(Client client, String prefix, Backoff backoff) {
		super(SCHEME);
		this.client = client;
		this.codec = new EtcdInstanceCodec(prefix);
		this.backoff = backoff;
	}

	@Override
	protected NameResolver createResolver(URI targetUri, NameResolver.Args args) {
		return new EtcdNameResolver(this.client, this.codec, ServiceNames.of(targetUri), this.backoff, args);
	}

}
