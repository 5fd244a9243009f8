package io.grpckit.discovery.xds;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Uri;
import io.grpc.xds.XdsNameResolverProvider;
import org.jspecify.annotations.Nullable;

/**
 * The {@code xds:} resolver of grpc-xds with a bootstrap of the application's own, for
 * {@code grpckit.xds.bootstrap}. It ranks above the resolver grpc-xds registers through
 * the service loader (which reads {@code GRPC_XDS_BOOTSTRAP}), so while the application
 * context runs every {@code xds:///} target uses this bootstrap.
 * <p>
 * grpc-xds offers no public, per-resolver way to pass a bootstrap other than
 * {@link XdsNameResolverProvider#createForTest(String, Map)}; its documented alternatives
 * (the {@code GRPC_XDS_BOOTSTRAP} environment variable, the {@code io.grpc.xds.bootstrap}
 * and {@code io.grpc.xds.bootstrapConfig} system properties) are read once per JVM and
 * cached for its whole life. This provider delegates to that factory's resolver and
 * changes nothing else.
 */
public final class XdsBootstrapNameResolverProvider extends NameResolverProvider {

	/** The scheme of xDS targets. */
	public static final String SCHEME = "xds";

	// above grpc-xds's own provider (4); equal to DNS (5), not above: the registry's default
	// scheme, which targets without one (such as the control plane's own "host:port") get,
	// is the first registered of the highest priority, and must stay DNS
	private static final int PRIORITY = 5;

	private final XdsNameResolverProvider delegate;

	/**
	 * Create a provider.
	 * @param bootstrap the bootstrap JSON as maps and lists
	 */
	public XdsBootstrapNameResolverProvider(Map<String, ?> bootstrap) {
		this.delegate = XdsNameResolverProvider.createForTest(SCHEME, bootstrap);
	}

	@Override
	public @Nullable NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		return this.delegate.newNameResolver(targetUri, args);
	}

	@Override
	public @Nullable NameResolver newNameResolver(Uri targetUri, NameResolver.Args args) {
		return this.delegate.newNameResolver(targetUri, args);
	}

	@Override
	public String getDefaultScheme() {
		return SCHEME;
	}

	@Override
	protected boolean isAvailable() {
		return true;
	}

	@Override
	protected int priority() {
		return PRIORITY;
	}

	@Override
	public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
		return List.of(InetSocketAddress.class);
	}

}
