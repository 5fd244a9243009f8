package io.grpckit.actuate.endpoint;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Grpc;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpckit.client.GrpcChannelBuilderCustomizer;

/**
 * Records, per channel, the backend addresses its calls were sent to, for the
 * {@code grpc} Actuator endpoint: each call carries a {@link ClientStreamTracer} whose
 * {@code streamCreated} names the remote address of the transport the load balancer
 * picked. Addresses not used within the retention window are dropped.
 * <p>
 * What the name resolver delivered, including addresses no call has used, is recorded by
 * {@link ResolvedAddressRecorder}.
 */
public class BackendAddressRecorder implements GrpcChannelBuilderCustomizer {

	private final Map<String, Map<String, Instant>> addresses = new ConcurrentHashMap<>();

	private final Duration retention;

	private final Clock clock;

	/**
	 * Create a recorder.
	 * @param retention how long an address is reported after its last call
	 */
	public BackendAddressRecorder(Duration retention) {
		this(retention, Clock.systemUTC());
	}

	BackendAddressRecorder(Duration retention, Clock clock) {
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public void customize(String name, ManagedChannelBuilder<?> builder) {
		Map<String, Instant> seen = this.addresses.computeIfAbsent(name, (key) -> new ConcurrentHashMap<>());
		ClientStreamTracer.Factory tracers = new ClientStreamTracer.Factory() {

			@Override
			public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
				return new ClientStreamTracer() {

					@Override
					public void streamCreated(Attributes transportAttrs, Metadata headers) {
						SocketAddress remote = transportAttrs.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
						if (remote != null) {
							seen.put(format(remote), BackendAddressRecorder.this.clock.instant());
						}
					}

				};
			}

		};
		builder.intercept(new ClientInterceptor() {

			@Override
			public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
					CallOptions callOptions, Channel next) {
				return next.newCall(method, callOptions.withStreamTracerFactory(tracers));
			}

		});
	}

	/**
	 * Return the addresses a channel's calls were sent to within the retention window.
	 * @param name the channel name
	 * @return the addresses as {@code host:port}, sorted
	 */
	public List<String> getAddresses(String name) {
		Map<String, Instant> seen = this.addresses.getOrDefault(name, Map.of());
		Instant oldest = this.clock.instant().minus(this.retention);
		seen.values().removeIf((last) -> last.isBefore(oldest));
		return seen.keySet().stream().sorted().toList();
	}

	static String format(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			String host = inet.getHostString();
			return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		return String.valueOf(address);
	}

}
