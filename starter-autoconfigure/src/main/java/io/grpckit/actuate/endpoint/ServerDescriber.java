package io.grpckit.actuate.endpoint;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpckit.actuate.endpoint.GrpcEndpoint.InterceptorDescriptor;
import io.grpckit.actuate.endpoint.GrpcEndpoint.MethodDescriptor;
import io.grpckit.actuate.endpoint.GrpcEndpoint.ServerDescriptor;
import io.grpckit.actuate.endpoint.GrpcEndpoint.ServiceDescriptor;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServiceDiscoverer;
import io.grpckit.server.limits.GrpcServerLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Describes the server for the endpoint: what the running servers serve (read from
 * {@link Server#getServices()}, so it is what clients can call) and the interceptor chain
 * the discoverer builds for each service.
 */
final class ServerDescriber {

	private final @Nullable GrpcServerLifecycle lifecycle;

	private final @Nullable GrpcServiceDiscoverer discoverer;

	private final @Nullable GrpcServerLimits limits;

	ServerDescriber(@Nullable GrpcServerLifecycle lifecycle, @Nullable GrpcServiceDiscoverer discoverer,
			@Nullable GrpcServerLimits limits) {
		this.lifecycle = lifecycle;
		this.discoverer = discoverer;
		this.limits = limits;
	}

	@Nullable ServerDescriptor describe() {
		if (this.lifecycle == null) {
			return null;
		}
		List<Server> servers = this.lifecycle.getServers();
		List<Integer> ports = new ArrayList<>();
		List<String> addresses = new ArrayList<>();
		for (Server server : servers) {
			for (SocketAddress address : server.getListenSockets()) {
				if (address instanceof InetSocketAddress inet) {
					ports.add(inet.getPort());
				}
				addresses.add(String.valueOf(address));
			}
		}
		List<ServiceDescriptor> services = servers.isEmpty() ? List.of() : services(servers.get(0));
		return new ServerDescriptor(this.lifecycle.getState().name(), ports.stream().distinct().toList(), addresses,
				services, (this.limits != null) ? this.limits.state() : List.of());
	}

	private List<ServiceDescriptor> services(Server server) {
		List<InterceptorDescriptor> global = (this.discoverer != null) ? this.discoverer.orderedGlobalInterceptors()
			.stream()
			.map((ordered) -> new InterceptorDescriptor(typeOf(ordered.interceptor()), "global", ordered.order()))
			.toList() : List.of();
		Map<String, String> beanNames = (this.discoverer != null) ? this.discoverer.serviceBeanNames() : Map.of();
		return server.getServices()
			.stream()
			.sorted(Comparator.comparing((ServerServiceDefinition service) -> service.getServiceDescriptor().getName()))
			.map((service) -> describe(service, global, beanNames))
			.toList();
	}

	private ServiceDescriptor describe(ServerServiceDefinition service, List<InterceptorDescriptor> global,
			Map<String, String> beanNames) {
		String name = service.getServiceDescriptor().getName();
		List<MethodDescriptor> methods = service.getServiceDescriptor()
			.getMethods()
			.stream()
			.map((method) -> new MethodDescriptor(method.getBareMethodName(), method.getFullMethodName(),
					method.getType().name()))
			.toList();
		List<InterceptorDescriptor> chain = new ArrayList<>(global);
		String beanName = beanNames.get(name);
		if (beanName != null) {
			for (ServerInterceptor interceptor : this.discoverer.serviceInterceptors(beanName)) {
				chain.add(new InterceptorDescriptor(typeOf(interceptor), "service", null));
			}
		}
		return new ServiceDescriptor(name, methods, chain);
	}

	private static String typeOf(Object interceptor) {
		return ClassUtils.getUserClass(interceptor).getName();
	}

}
