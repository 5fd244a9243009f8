package io.grpckit.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.util.ClassUtils;

/**
 * {@link GrpcChannelFactory} that builds channels from {@link GrpcChannelTargets} and
 * {@link GrpcChannelBuilderCustomizer customizers}, and shuts them all down on
 * {@link #close()}: {@code shutdown()}, wait up to the grace period for calls in flight,
 * then {@code shutdownNow()}.
 */
public class DefaultGrpcChannelFactory implements GrpcChannelFactory, AutoCloseable {

	private static final Log logger = LogFactory.getLog(DefaultGrpcChannelFactory.class);

	private static final boolean IN_PROCESS_PRESENT = ClassUtils.isPresent("io.grpc.inprocess.InProcessChannelBuilder",
			DefaultGrpcChannelFactory.class.getClassLoader());

	private static final Duration FORCED_TERMINATION_WAIT = Duration.ofSeconds(5);

	private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

	private final GrpcChannelTargets targets;

	private final List<GrpcChannelBuilderCustomizer> customizers;

	private final Duration shutdownGracePeriod;

	private volatile boolean closed;

	/**
	 * Create a factory.
	 * @param targets where each channel connects
	 * @param customizers customizers applied, in order, to every builder
	 * @param shutdownGracePeriod time to wait for calls in flight at close
	 */
	public DefaultGrpcChannelFactory(GrpcChannelTargets targets, List<GrpcChannelBuilderCustomizer> customizers,
			Duration shutdownGracePeriod) {
		this.targets = targets;
		this.customizers = List.copyOf(customizers);
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

	@Override
	public ManagedChannel createChannel(String name) {
		if (this.closed) {
			throw new IllegalStateException("Channel factory is closed, cannot create channel '" + name + "'");
		}
		return this.channels.computeIfAbsent(name, this::build);
	}

	@Override
	public Map<String, ManagedChannel> getChannels() {
		return Map.copyOf(this.channels);
	}

	private ManagedChannel build(String name) {
		String target = this.targets.getTarget(name);
		ManagedChannelBuilder<?> builder = newBuilder(name, target);
		this.customizers.forEach((customizer) -> customizer.customize(name, builder));
		logger.debug(LogMessage.format("Creating gRPC channel '%s' to %s", name, target));
		return builder.build();
	}

	private ManagedChannelBuilder<?> newBuilder(String name, String target) {
		if (target.startsWith(GrpcChannelTargets.IN_PROCESS_PREFIX)) {
			if (!IN_PROCESS_PRESENT) {
				throw new IllegalStateException("Channel '" + name + "' targets " + target
						+ " but io.grpc:grpc-inprocess is not on the classpath");
			}
			return InProcessChannels.builder(target.substring(GrpcChannelTargets.IN_PROCESS_PREFIX.length()));
		}
		return Grpc.newChannelBuilder(StaticNameResolverProvider.toGrpcTarget(target), this.targets.getCredentials(name));
	}

	/**
	 * Shut down every channel: {@code shutdown()} all, wait up to the grace period in
	 * total for calls in flight, then {@code shutdownNow()} those still running and wait
	 * briefly for them to terminate.
	 */
	@Override
	public void close() {
		this.closed = true;
		Map<String, ManagedChannel> toClose = getChannels();
		toClose.values().forEach(ManagedChannel::shutdown);
		long deadline = System.nanoTime() + this.shutdownGracePeriod.toNanos();
		toClose.forEach((name, channel) -> {
			if (!awaitTermination(channel, deadline)) {
				logger.info(LogMessage.format("gRPC channel '%s' still busy after %s, cancelling its calls", name,
						this.shutdownGracePeriod));
				channel.shutdownNow();
			}
		});
		long forcedDeadline = System.nanoTime() + FORCED_TERMINATION_WAIT.toNanos();
		toClose.forEach((name, channel) -> {
			if (!awaitTermination(channel, forcedDeadline)) {
				logger.warn(LogMessage.format("gRPC channel '%s' did not terminate", name));
			}
		});
		this.channels.clear();
	}

	private static boolean awaitTermination(ManagedChannel channel, long deadlineNanos) {
		try {
			return channel.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			// keep the interrupt for our caller; the channel is forced down instead of waited for
			Thread.currentThread().interrupt();
			channel.shutdownNow();
			return channel.isTerminated();
		}
	}

}
