package io.grpckit.actuate.endpoint;

import java.util.List;
import java.util.Map;

import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.GrpcChannelTargets;
import io.grpckit.client.resilience.ChannelCircuitBreakers;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServiceDiscoverer;
import io.grpckit.server.limits.GrpcServerLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code grpc} Actuator endpoint ({@code /actuator/grpc}): the server's state and
 * listen addresses, each served service with its methods and call types and the
 * interceptors a call passes, outermost first (global ones by order, then the service's
 * own); each client channel with its target, connectivity state, the addresses its name
 * resolver delivered, the backend addresses its calls went to recently and its circuit
 * breakers; and where the
 * application is registered, from {@link GrpcRegistrationStateProvider} beans. Exposed
 * like any endpoint, e.g. {@code management.endpoints.web.exposure.include=health,grpc}.
 */
@Endpoint(id = "grpc")
public class GrpcEndpoint {

	private final ServerDescriber server;

	private final ChannelDescriber channels;

	private final List<GrpcRegistrationStateProvider> registrations;

	/**
	 * Create an endpoint. Every argument but the last may be {@code null}: a client-only
	 * application has no server, a server-only one no channels.
	 * @param lifecycle the server lifecycle
	 * @param discoverer the discoverer that built the services' interceptor chains
	 * @param channelFactory the factory whose channels are described
	 * @param targets where each channel connects
	 * @param resolvedAddresses the addresses the channels' name resolvers delivered
	 * @param backendAddresses the backend addresses of the channels' calls
	 * @param registrations where the application is registered
	 */
	public GrpcEndpoint(@Nullable GrpcServerLifecycle lifecycle, @Nullable GrpcServiceDiscoverer discoverer,
			@Nullable GrpcChannelFactory channelFactory, @Nullable GrpcChannelTargets targets,
			@Nullable ResolvedAddressRecorder resolvedAddresses, @Nullable BackendAddressRecorder backendAddresses,
			List<GrpcRegistrationStateProvider> registrations) {
		this(lifecycle, discoverer, null, channelFactory, targets, resolvedAddresses, backendAddresses, null,
				registrations);
	}

	/**
	 * Create an endpoint that also describes the server's limits and the channels' circuit
	 * breakers. Every argument but the last may be {@code null}.
	 * @param lifecycle the server lifecycle
	 * @param discoverer the discoverer that built the services' interceptor chains
	 * @param limits the server limits
	 * @param channelFactory the factory whose channels are described
	 * @param targets where each channel connects
	 * @param resolvedAddresses the addresses the channels' name resolvers delivered
	 * @param backendAddresses the backend addresses of the channels' calls
	 * @param circuitBreakers the channels' circuit breakers
	 * @param registrations where the application is registered
	 */
	public GrpcEndpoint(@Nullable GrpcServerLifecycle lifecycle, @Nullable GrpcServiceDiscoverer discoverer,
			@Nullable GrpcServerLimits limits, @Nullable GrpcChannelFactory channelFactory,
			@Nullable GrpcChannelTargets targets, @Nullable ResolvedAddressRecorder resolvedAddresses,
			@Nullable BackendAddressRecorder backendAddresses, @Nullable ChannelCircuitBreakers circuitBreakers,
			List<GrpcRegistrationStateProvider> registrations) {
		this.server = new ServerDescriber(lifecycle, discoverer, limits);
		this.channels = new ChannelDescriber(channelFactory, targets, resolvedAddresses, backendAddresses,
				circuitBreakers);
		this.registrations = List.copyOf(registrations);
	}

	/**
	 * Describe the server, the channels and the registrations.
	 * @return the description
	 */
	@ReadOperation
	public GrpcDescriptor grpc() {
		return new GrpcDescriptor(this.server.describe(), this.channels.describe(),
				this.registrations.stream().flatMap((provider) -> provider.registrations().stream()).toList());
	}

	/**
	 * Everything the endpoint reports.
	 * @param server the server, or {@code null} without one
	 * @param channels the client channels created so far, by name
	 * @param registrations where the application is registered
	 */
	public record GrpcDescriptor(@Nullable ServerDescriptor server, List<ChannelDescriptor> channels,
			List<RegistrationDescriptor> registrations) implements OperationResponseBody {
	}

	/**
	 * The server.
	 * @param state {@code STARTING}, {@code RUNNING}, {@code STOPPING} or {@code STOPPED}
	 * @param ports the bound network ports
	 * @param addresses every listen address, including in-process names
	 * @param services the served services, by name
	 */
	public record ServerDescriptor(String state, List<Integer> ports, List<String> addresses,
			List<ServiceDescriptor> services, List<GrpcServerLimits.LimitState> limits) {
	}

	/**
	 * A served service.
	 * @param name the full service name, e.g. {@code helloworld.Greeter}
	 * @param methods its methods, in declaration order
	 * @param interceptors the interceptors of its calls, outermost first
	 */
	public record ServiceDescriptor(String name, List<MethodDescriptor> methods,
			List<InterceptorDescriptor> interceptors) {
	}

	/**
	 * A method of a service.
	 * @param name the method name, e.g. {@code SayHello}
	 * @param fullName the full method name, e.g. {@code helloworld.Greeter/SayHello}
	 * @param type {@code UNARY}, {@code CLIENT_STREAMING}, {@code SERVER_STREAMING} or
	 * {@code BIDI_STREAMING}
	 */
	public record MethodDescriptor(String name, String fullName, String type) {
	}

	/**
	 * An interceptor in a service's chain.
	 * @param type its class name
	 * @param scope {@code global} for a {@code @GlobalServerInterceptor}, {@code service}
	 * for one named by the service's {@code @GrpcService}
	 * @param order the order of a global interceptor, {@code null} for a service's own
	 * (those run in declaration order)
	 */
	public record InterceptorDescriptor(String type, String scope, @Nullable Integer order) {
	}

	/**
	 * A client channel.
	 * @param name the channel name ({@code grpckit.client.channel.<name>})
	 * @param target the configured target
	 * @param state the connectivity state, read without asking an idle channel to connect
	 * @param resolvedAddresses the addresses the name resolver delivered last, in its order,
	 * also those no call has used (see {@link ResolvedAddressRecorder}); the in-process
	 * name for in-process targets. Empty before the channel's first call, while it is
	 * idle, and when a service config from the resolver replaces the recording
	 * load-balancing policy
	 * @param backendAddresses the addresses calls were sent to recently
	 * @param circuitBreakers the channel's circuit breakers created so far: its one, or one
	 * per method called so far; empty without a breaker
	 */
	public record ChannelDescriptor(String name, String target, String state, List<String> resolvedAddresses,
			List<String> backendAddresses, List<CircuitBreakerDescriptor> circuitBreakers) {
	}

	/**
	 * A circuit breaker of a channel.
	 * @param name the breaker name, also the {@code name} tag of its meters: the channel
	 * name, or {@code <channel>/<full method name>}
	 * @param method the full method name for a breaker per method, {@code null} for the
	 * channel's breaker
	 * @param state {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
	 * @param failureRate failure rate in percent over the window, {@code -1} until the
	 * minimum number of calls was recorded
	 * @param slowCallRate rate of slow calls in percent, {@code -1} likewise
	 * @param bufferedCalls calls in the window
	 * @param failedCalls failed calls in the window
	 * @param slowCalls slow calls in the window
	 * @param notPermittedCalls calls the breaker refused since it last opened
	 */
	public record CircuitBreakerDescriptor(String name, @Nullable String method, String state, float failureRate,
			float slowCallRate, int bufferedCalls, int failedCalls, int slowCalls, long notPermittedCalls) {
	}

	/**
	 * A registration of this application in a service registry.
	 * @param registry the registry, e.g. {@code consul} or {@code etcd}
	 * @param service the registered service name
	 * @param state the state of the registration, e.g. {@code REGISTERED}
	 * @param details anything else worth showing: instance id, address, lease
	 */
	public record RegistrationDescriptor(String registry, @Nullable String service, String state,
			Map<String, Object> details) {
	}

}
