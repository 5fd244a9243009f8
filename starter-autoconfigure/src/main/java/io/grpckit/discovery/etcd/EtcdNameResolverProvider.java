package io.grpckit.discovery.etcd;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;

import io.etcd.jetcd.Client;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.ServiceNames;

/**
 * Resolves {@code etcd:///<service>} targets to the instances registered under
 * {@code <prefix>/<service>/}, pushed by an etcd watch.
 */
public final class EtcdNameResolverProvider extends NameResolverProvider {

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
		this.client = client;
		this.codec = new EtcdInstanceCodec(prefix);
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
		return new EtcdNameResolver(this.client, this.codec, ServiceNames.of(targetUri), this.backoff, args);
	}

}
