package io.grpckit.server;

import java.util.List;

import io.grpc.Server;

import org.springframework.context.ApplicationEvent;

/**
 * Published once the gRPC servers are bound and every served service reports SERVING.
 * Discovery registers the instance when it sees this event.
 */
public class GrpcServerStartedEvent extends ApplicationEvent {

	private final int port;

	private final List<Server> servers;

	private final List<String> serviceNames;

	public GrpcServerStartedEvent(Object source, int port, List<Server> servers, List<String> serviceNames) {
		super(source);
		this.port = port;
		this.servers = List.copyOf(servers);
		this.serviceNames = List.copyOf(serviceNames);
	}

	/**
	 * Return the port the network server is bound to.
	 * @return the bound port, or -1 when only an in-process server runs
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Return the started servers: the network one, the in-process one, or both.
	 * @return the servers
	 */
	public List<Server> getServers() {
		return this.servers;
	}

	/**
	 * Return the fully qualified names of the served gRPC services.
	 * @return the service names
	 */
	public List<String> getServiceNames() {
		return this.serviceNames;
	}

}
