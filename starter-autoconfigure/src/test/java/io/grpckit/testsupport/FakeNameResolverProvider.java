package io.grpckit.testsupport;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import io.grpckit.client.internal.InetNameResolverProvider;

/**
 * A fake name resolver, in process, for tests of what channels do with resolver results:
 * every target of its scheme resolves to the addresses the test last set, and each
 * {@link #update} or {@link #fail} reaches the running resolvers at once, like a watch of
 * a service registry. Register it in the {@code NameResolverRegistry} or declare it as a
 * bean.
 */
public final class FakeNameResolverProvider extends InetNameResolverProvider {

	private final Set<FakeNameResolver> resolvers = ConcurrentHashMap.newKeySet();

	private volatile StatusOr<List<EquivalentAddressGroup>> result;

	public FakeNameResolverProvider(String scheme, List<InetSocketAddress> addresses) {
		super(scheme);
		this.result = groups(addresses);
	}

	/**
	 * Resolve to other addresses from now on, one backend each.
	 * @param addresses the new addresses
	 */
	public void update(List<InetSocketAddress> addresses) {
		this.result = groups(addresses);
		this.resolvers.forEach(FakeNameResolver::deliver);
	}

	/**
	 * Fail every resolution from now on.
	 * @param status the error
	 */
	public void fail(Status status) {
		this.result = StatusOr.fromStatus(status);
		this.resolvers.forEach(FakeNameResolver::deliver);
	}

	@Override
	protected NameResolver createResolver(URI targetUri, NameResolver.Args args) {
		return new FakeNameResolver(args.getSynchronizationContext());
	}

	private static StatusOr<List<EquivalentAddressGroup>> groups(List<InetSocketAddress> addresses) {
		return StatusOr.fromValue(addresses.stream().map(EquivalentAddressGroup::new).toList());
	}

	private final class FakeNameResolver extends NameResolver {

		private final SynchronizationContext syncContext;

		private Listener2 listener;

		FakeNameResolver(SynchronizationContext syncContext) {
			this.syncContext = syncContext;
		}

		@Override
		public String getServiceAuthority() {
			return "fake";
		}

		@Override
		public void start(Listener2 listener) {
			this.listener = listener;
			FakeNameResolverProvider.this.resolvers.add(this);
			deliver();
		}

		@Override
		public void refresh() {
			deliver();
		}

		void deliver() {
			// listeners are called in the channel's synchronization context only
			this.syncContext.execute(() -> {
				if (this.listener != null) {
					this.listener.onResult2(ResolutionResult.newBuilder()
						.setAddressesOrError(FakeNameResolverProvider.this.result)
						.build());
				}
			});
		}

		@Override
		public void shutdown() {
			FakeNameResolverProvider.this.resolvers.remove(this);
			this.listener = null;
		}

	}

}
