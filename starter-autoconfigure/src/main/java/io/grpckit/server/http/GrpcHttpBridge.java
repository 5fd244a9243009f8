package io.grpckit.server.http;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.UUID;
import java.util.function.Supplier;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpckit.server.BuilderGrpcServerFactory;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.GrpcServerFactory;
import io.grpckit.server.observation.GrpcServerObservationInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The server side HTTP calls go through: an in-process gRPC server built like the network
 * one (the same services with the same interceptors, executor, limits and customizers) and
 * started and drained with it by the server lifecycle, plus the channel HTTP calls take to
 * it. No socket, no serialization: HTTP calls meet the same server code as gRPC calls. The
 * channel is built on the first HTTP call, so a server nobody calls over HTTP never loads
 * grpc-java's client side (about 200 classes at start-up).
 */
public final class GrpcHttpBridge implements GrpcServerFactory, DisposableBean {

	private final String name = "grpckit-http-" + UUID.randomUUID();

	private final GrpcServerFactory factory;

	private final Channel channel = new FirstCallChannel();

	private final Object monitor = new Object();

	private @Nullable ManagedChannel managedChannel;

	private boolean destroyed;

	/**
	 * Create a bridge.
	 * @param customizers the server customizers, in order, as the network server gets them
	 */
	public GrpcHttpBridge(List<GrpcServerBuilderCustomizer> customizers) {
		this(customizers, true);
	}

	/**
	 * Create a bridge.
	 * @param customizers the server customizers, in order, as the network server gets them
	 * @param observeAsGrpc whether HTTP calls are also observed as gRPC calls (the kit's
	 * {@code grpc.server} observation), beside the web framework's HTTP observation
	 */
	public GrpcHttpBridge(List<GrpcServerBuilderCustomizer> customizers, boolean observeAsGrpc) {
		Supplier<ServerBuilder<?>> builder = () -> {
			InProcessServerBuilder inProcess = InProcessServerBuilder.forName(this.name);
			if (!observeAsGrpc) {
				inProcess.addTransportFilter(new ObservedAsHttp());
			}
			return inProcess;
		};
		this.factory = new BuilderGrpcServerFactory(builder, customizers);
	}

	/**
	 * Return the executor the bridge's server should run calls on, given the service
	 * executor the network server uses: a unary call a web adapter subscribed to through
	 * {@link GrpcHttpGateway#subscribeOnCallingThread} runs on the subscribing thread,
	 * everything else on {@code service}.
	 * @param service the service executor
	 * @return the bridge's executor
	 */
	public static Executor executor(Executor service) {
		return CallingThread.executor(service);
	}

	@Override
	public Server createServer(List<ServerServiceDefinition> services) {
		return this.factory.createServer(services);
	}

	/**
	 * Return the channel to the in-process server.
	 * @return the channel
	 */
	Channel channel() {
		return this.channel;
	}

	@Override
	public void destroy() {
		synchronized (this.monitor) {
			this.destroyed = true;
			if (this.managedChannel != null) {
				this.managedChannel.shutdownNow();
			}
		}
	}

	// package-private for tests: whether an HTTP call built the channel yet
	boolean channelBuilt() {
		synchronized (this.monitor) {
			return this.managedChannel != null;
		}
	}

	private ManagedChannel managedChannel() {
		ManagedChannel channel = this.managedChannel;
		if (channel != null) {
			return channel;
		}
		synchronized (this.monitor) {
			if (this.managedChannel == null) {
				// callbacks only queue work (BridgeCall): no need for an executor of their own
				ManagedChannel built = InProcessChannelBuilder.forName(this.name).directExecutor().build();
				if (this.destroyed) {
					// a call racing the context's close fails as on a closed channel
					built.shutdownNow();
				}
				this.managedChannel = built;
			}
			return this.managedChannel;
		}
	}

	/** The bridge's channel, building the in-process channel on its first call. */
	private final class FirstCallChannel extends Channel {

		@Override
		public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
			return managedChannel().newCall(method, options);
		}

		@Override
		public String authority() {
			return managedChannel().authority();
		}

	}

	/** Marks the bridge's transport: its calls are observed as HTTP requests. */
	private static final class ObservedAsHttp extends ServerTransportFilter {

		@Override
		public Attributes transportReady(Attributes transportAttrs) {
			return transportAttrs.toBuilder().set(GrpcServerObservationInterceptor.OBSERVED_ELSEWHERE, true).build();
		}

	}

}
