package io.grpckit.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import io.grpckit.client.StaticNameResolverProvider.HostAndPort;
import org.jspecify.annotations.Nullable;

/**
 * Resolver of one {@code static://} target: each address becomes its own
 * {@link EquivalentAddressGroup}, so load balancers see them as separate backends.
 */
final class StaticNameResolver extends NameResolver {

	private final List<HostAndPort> addresses;

	private final @Nullable Executor offloadExecutor;

	private final SynchronizationContext syncContext;

	private Listener2 listener;

	StaticNameResolver(List<HostAndPort> addresses, Args args) {
		this.addresses = addresses;
		this.offloadExecutor = args.getOffloadExecutor();
		this.syncContext = args.getSynchronizationContext();
	}

	@Override
	public String getServiceAuthority() {
		return this.addresses.get(0).toString();
	}

	@Override
	public void start(Listener2 listener) {
		this.listener = listener;
		resolve();
	}

	@Override
	public void refresh() {
		resolve();
	}

	private void resolve() {
		// host names may need a blocking DNS lookup: never on the channel's sync context
		Runnable lookup = () -> {
			StatusOr<List<EquivalentAddressGroup>> result = lookup();
			this.syncContext.execute(() -> this.listener
				.onResult2(ResolutionResult.newBuilder().setAddressesOrError(result).build()));
		};
		if (this.offloadExecutor != null) {
			this.offloadExecutor.execute(lookup);
		}
		else {
			lookup.run();
		}
	}

	private StatusOr<List<EquivalentAddressGroup>> lookup() {
		List<EquivalentAddressGroup> groups = new ArrayList<>();
		for (HostAndPort address : this.addresses) {
			InetSocketAddress socketAddress = new InetSocketAddress(address.host(), address.port());
			if (socketAddress.isUnresolved()) {
				return StatusOr.fromStatus(Status.UNAVAILABLE.withDescription("cannot resolve host: " + address));
			}
			groups.add(new EquivalentAddressGroup(socketAddress));
		}
		return StatusOr.fromValue(groups);
	}

	@Override
	public void shutdown() {
	}

}
