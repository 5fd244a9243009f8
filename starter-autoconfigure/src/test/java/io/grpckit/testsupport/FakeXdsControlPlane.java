package io.grpckit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.core.v3.Address;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.listener.v3.Filter;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.listener.v3.Listener;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.route.v3.NonForwardingAction;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.route.v3.Route;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.grpc.xds.shaded.io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.grpc.xds.shaded.io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.grpc.xds.shaded.io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.grpc.xds.shaded.io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.grpc.xds.shaded.io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.xds.shaded.io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.xds.shaded.io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;

/**
 * A fake xDS management server, in process, on a free loopback port: grpc-xds's own ADS
 * service stubs (state of the world, no incremental xDS) over resources the test sets. It
 * answers each subscription with the resources of that type that exist (for LDS and CDS
 * a missing one means "does not exist" to the client at once), and pushes every change to
 * the streams subscribed to its type. ACKs and NACKs get no answer; NACKs are counted.
 * Resource shapes follow gRFC A27 (client) and A36 (server) in their simplest form.
 */
public final class FakeXdsControlPlane implements AutoCloseable {

	private static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";

	private static final String RDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";

	private static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

	private static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";

	private static final String SERVER_LISTENER_PREFIX = "grpc/server?xds.resource.listening_address=";

	// guarded by this: type URL -> name -> resource
	private final Map<String, Map<String, Any>> resources = new HashMap<>();

	// guarded by this
	private final Map<String, Long> versions = new HashMap<>();

	// guarded by this
	private final List<Stream> streams = new ArrayList<>();

	// guarded by this
	private long nonce;

	// guarded by this
	private int nacks;

	private final Server server;

	public FakeXdsControlPlane() {
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(new Ads())
			.build();
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return an inline bootstrap for {@code grpckit.xds.bootstrap} that points at this
	 * control plane, with a node id of its own.
	 */
	public String bootstrap() {
		return bootstrap("127.0.0.1:" + this.server.getPort());
	}

	/**
	 * Return an inline bootstrap that points at the given address.
	 * @param serverUri host:port of the control plane
	 */
	public static String bootstrap(String serverUri) {
		return "{\"xds_servers\": [{\"server_uri\": \"" + serverUri + "\", \"channel_creds\": [{\"type\": \"insecure\"}],"
				+ " \"server_features\": [\"xds_v3\"]}], \"node\": {\"id\": \"grpckit-test-" + UUID.randomUUID()
				+ "\", \"cluster\": \"grpckit\"}, \"server_listener_resource_name_template\": \""
				+ SERVER_LISTENER_PREFIX + "%s\"}";
	}

	/**
	 * Serve {@code xds:///<service>}: a client Listener, its route, a cluster and the
	 * cluster's endpoints.
	 * @param service the service name of the target
	 * @param endpointPorts ports on 127.0.0.1 of the endpoints
	 */
	public synchronized void serveClientRoute(String service, int... endpointPorts) {
		String route = "route-" + service;
		String cluster = "cluster-" + service;
		HttpConnectionManager manager = HttpConnectionManager.newBuilder()
			.setRds(Rds.newBuilder()
				.setRouteConfigName(route)
				.setConfigSource(ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())))
			.addHttpFilters(router())
			.build();
		put(LDS, service, Listener.newBuilder()
			.setName(service)
			.setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(manager)))
			.build());
		put(RDS, route, RouteConfiguration.newBuilder()
			.setName(route)
			.addVirtualHosts(VirtualHost.newBuilder()
				.setName("all")
				.addDomains("*")
				.addRoutes(Route.newBuilder()
					.setMatch(RouteMatch.newBuilder().setPrefix("/"))
					.setRoute(RouteAction.newBuilder().setCluster(cluster))))
			.build());
		put(CDS, cluster, Cluster.newBuilder()
			.setName(cluster)
			.setType(Cluster.DiscoveryType.EDS)
			.setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
				.setServiceName(endpointsName(service))
				.setEdsConfig(ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())))
			.setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
			.build());
		setEndpoints(service, endpointPorts);
	}

	/**
	 * Replace the endpoints of a service (an EDS update).
	 * @param service the service name
	 * @param endpointPorts ports on 127.0.0.1
	 */
	public synchronized void setEndpoints(String service, int... endpointPorts) {
		LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder()
			.setLoadBalancingWeight(com.google.protobuf.UInt32Value.of(1))
			.setPriority(0);
		for (int port : endpointPorts) {
			locality.addLbEndpoints(LbEndpoint.newBuilder()
				.setHealthStatus(HealthStatus.HEALTHY)
				.setEndpoint(Endpoint.newBuilder().setAddress(address("127.0.0.1", port))));
		}
		put(EDS, endpointsName(service), ClusterLoadAssignment.newBuilder()
			.setClusterName(endpointsName(service))
			.addEndpoints(locality)
			.build());
	}

	/**
	 * Serve the Listener of an xDS server on the given port: one filter chain for every
	 * connection, every request routed to the server itself.
	 * @param port the server's configured port (0 when it binds a free one)
	 */
	public synchronized void serveServerListener(int port) {
		RouteConfiguration routes = RouteConfiguration.newBuilder()
			.addVirtualHosts(VirtualHost.newBuilder()
				.setName("inbound")
				.addDomains("*")
				.addRoutes(Route.newBuilder()
					.setMatch(RouteMatch.newBuilder().setPrefix("/"))
					.setNonForwardingAction(NonForwardingAction.getDefaultInstance())))
			.build();
		HttpConnectionManager manager = HttpConnectionManager.newBuilder()
			.setRouteConfig(routes)
			.addHttpFilters(router())
			.build();
		String name = serverListenerName(port);
		put(LDS, name, Listener.newBuilder()
			.setName(name)
			.setTrafficDirection(TrafficDirection.INBOUND)
			.setAddress(address("0.0.0.0", port))
			.addFilterChains(FilterChain.newBuilder()
				.setName("all")
				.setFilterChainMatch(
						FilterChainMatch.newBuilder().setSourceType(FilterChainMatch.ConnectionSourceType.ANY))
				.addFilters(Filter.newBuilder().setName("hcm").setTypedConfig(Any.pack(manager))))
			.build());
	}

	/**
	 * Take the Listener of an xDS server away.
	 * @param port the server's configured port
	 */
	public synchronized void removeServerListener(int port) {
		Map<String, Any> listeners = this.resources.get(LDS);
		if (listeners != null && listeners.remove(serverListenerName(port)) != null) {
			changed(LDS);
		}
	}

	/** Return how many responses clients rejected. */
	public synchronized int nacks() {
		return this.nacks;
	}

	@Override
	public void close() throws InterruptedException {
		this.server.shutdownNow();
		this.server.awaitTermination(10, TimeUnit.SECONDS);
	}

	private static String serverListenerName(int port) {
		return SERVER_LISTENER_PREFIX + "0.0.0.0:" + port;
	}

	private static String endpointsName(String service) {
		return "endpoints-" + service;
	}

	private static HttpFilter router() {
		return HttpFilter.newBuilder().setName("router").setTypedConfig(Any.pack(Router.getDefaultInstance())).build();
	}

	private static Address address(String host, int port) {
		return Address.newBuilder()
			.setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port))
			.build();
	}

	private void put(String type, String name, Message resource) {
		this.resources.computeIfAbsent(type, (key) -> new LinkedHashMap<>()).put(name, Any.pack(resource));
		changed(type);
	}

	private void changed(String type) {
		this.versions.merge(type, 1L, Long::sum);
		for (Stream stream : this.streams) {
			if (stream.subscriptions.containsKey(type)) {
				send(stream, type);
			}
		}
	}

	private String version(String type) {
		return String.valueOf(this.versions.getOrDefault(type, 0L));
	}

	private void send(Stream stream, String type) {
		Map<String, Any> existing = this.resources.getOrDefault(type, Map.of());
		DiscoveryResponse.Builder response = DiscoveryResponse.newBuilder()
			.setTypeUrl(type)
			.setVersionInfo(version(type))
			.setNonce(String.valueOf(++this.nonce));
		for (String name : stream.subscriptions.get(type)) {
			Any resource = existing.get(name);
			if (resource != null) {
				response.addResources(resource);
			}
		}
		stream.observer.onNext(response.build());
	}

	private synchronized void onRequest(Stream stream, DiscoveryRequest request) {
		if (request.hasErrorDetail()) {
			this.nacks++;
			return;
		}
		String type = request.getTypeUrl();
		Set<String> names = new HashSet<>(request.getResourceNamesList());
		Set<String> previous = stream.subscriptions.put(type, names);
		if (!names.equals(previous) || !request.getVersionInfo().equals(version(type))) {
			send(stream, type);
		}
	}

	private synchronized void onEnd(Stream stream) {
		this.streams.remove(stream);
	}

	private synchronized Stream open(StreamObserver<DiscoveryResponse> observer) {
		Stream stream = new Stream(observer);
		this.streams.add(stream);
		return stream;
	}

	private static final class Stream {

		private final StreamObserver<DiscoveryResponse> observer;

		private final Map<String, Set<String>> subscriptions = new HashMap<>();

		Stream(StreamObserver<DiscoveryResponse> observer) {
			this.observer = observer;
		}

	}

	private final class Ads extends AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase {

		@Override
		public StreamObserver<DiscoveryRequest> streamAggregatedResources(
				StreamObserver<DiscoveryResponse> responseObserver) {
			Stream stream = open(responseObserver);
			return new StreamObserver<>() {

				@Override
				public void onNext(DiscoveryRequest request) {
					onRequest(stream, request);
				}

				@Override
				public void onError(Throwable error) {
					onEnd(stream);
				}

				@Override
				public void onCompleted() {
					onEnd(stream);
					synchronized (FakeXdsControlPlane.this) {
						responseObserver.onCompleted();
					}
				}

			};
		}

	}

}
