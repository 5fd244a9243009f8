package io.grpckit.discovery.kubernetes;

import java.net.URI;
import java.util.function.Supplier;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.NameResolver;
import io.grpckit.client.internal.InetNameResolverProvider;
import io.grpckit.discovery.internal.Backoff;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@code kubernetes:///<service>[.<namespace>][:<port-name-or-number>]} targets to
 * the ready endpoints of a Kubernetes Service, read from its EndpointSlices
 * ({@code discovery.k8s.io/v1}, label {@code kubernetes.io/service-name}) with an informer
 * that all channels to the same Service share. The port is the one named or numbered in the
 * target; without one, the slices' only port, else the port named {@code grpc}. Addresses
 * carry the {@link KubernetesAttributes}. Close the provider to stop the informers.
 */
public final class KubernetesNameResolverProvider extends InetNameResolverProvider implements AutoCloseable {

	/** Scheme of the targets this provider resolves. */
	public static final String SCHEME = "kubernetes";

	private final EndpointSliceWatches watches;

	private final Backoff backoff;

	/**
	 * Create a provider.
	 * @param client supplies the Kubernetes client when the first channel resolves; not
	 * closed by the provider
	 * @param namespace namespace of targets that name none, or {@code null} for the client's
	 * (the pod's own namespace in a cluster), else {@code default}
	 * @param backoff the backoff between reports of a failing API server
	 */
	public KubernetesNameResolverProvider(Supplier<KubernetesClient> client, @Nullable String namespace,
			Backoff backoff) {
		super(SCHEME);
		this.watches = new EndpointSliceWatches(client, namespace);
		this.backoff = backoff;
	}

	@Override
	protected NameResolver createResolver(URI targetUri, NameResolver.Args args) {
		return new KubernetesNameResolver(this.watches, KubernetesTarget.parse(targetUri), this.backoff, args);
	}

	/**
	 * Return how many informers this provider started, one per (namespace, Service) being
	 * resolved at the time; for tests and diagnostics.
	 * @return the count
	 */
	int informersStarted() {
		return this.watches.informersStarted();
	}

	/**
	 * Return how many informers run now: one per (namespace, Service) some channel resolves.
	 * @return the count
	 */
	int informersRunning() {
		return this.watches.informersRunning();
	}

	/**
	 * Stop every informer.
	 */
	@Override
	public void close() {
		this.watches.close();
	}

}
