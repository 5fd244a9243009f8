package io.grpckit.discovery.internal;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpckit.discovery.ServiceInstance;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Hands resolved instances to a channel's listener. A failure is passed on only while no
 * list was ever published: afterwards the channel keeps the last good addresses. Call from
 * the channel's synchronization context.
 */
public final class InstancePublisher {

	private static final Log logger = LogFactory.getLog(InstancePublisher.class);

	private final String target;

	private NameResolver.Listener2 listener;

	private @Nullable List<EquivalentAddressGroup> last;

	/**
	 * Create a publisher.
	 * @param target the target, for log messages
	 */
	public InstancePublisher(String target) {
		this.target = target;
	}

	/**
	 * Set the listener.
	 * @param listener the channel's listener
	 */
	public void start(NameResolver.Listener2 listener) {
		this.listener = Objects.requireNonNull(listener, "listener");
	}

	/**
	 * Publish the instances, unless they equal the last published ones.
	 * @param instances the instances
	 */
	public void publish(Collection<ServiceInstance> instances) {
		publishAddresses(instances.stream().map(ServiceInstance::toAddressGroup).toList());
	}

	/**
	 * Publish address groups a resolver built itself, unless they equal the last published
	 * ones.
	 * @param groups the address groups
	 */
	public void publishAddresses(List<EquivalentAddressGroup> groups) {
		if (groups.equals(this.last)) {
			return;
		}
		this.last = groups;
		logger.debug(LogMessage.format("%s resolved to %s", this.target, groups));
		this.listener.onResult2(NameResolver.ResolutionResult.newBuilder()
			.setAddressesOrError(StatusOr.fromValue(groups))
			.build());
	}

	/**
	 * Report a failed lookup, which only matters while nothing was published yet.
	 * @param status the failure
	 */
	public void failed(Status status) {
		if (this.last == null) {
			this.listener.onResult2(NameResolver.ResolutionResult.newBuilder()
				.setAddressesOrError(StatusOr.fromStatus(status))
				.build());
		}
	}

}
