package io.grpckit.discovery.testsupport;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's MOCK Kubernetes API server (kubernetes-server-mock, CRUD mode: objects are
 * stored, listed and watched like on a real API server, but no cluster runs), on loopback
 * over plain HTTP, with helpers to write EndpointSlices the way Kubernetes' EndpointSlice
 * controller does. {@link #restart()} stops the server, which breaks every open watch, and
 * starts a new one on the same port with the same stored objects.
 */
public final class MockKubernetesApi implements AutoCloseable {

	/** Namespace the tests use. */
	public static final String NAMESPACE = "shop";

	private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();

	private final List<RecordedRequest> requests = new ArrayList<>();

	private KubernetesMockServer server;

	private final int port;

	private final KubernetesClient client;

	public MockKubernetesApi() {
		this.server = newServer(0);
		this.port = this.server.getPort();
		this.client = this.server.createClient();
	}

	private KubernetesMockServer newServer(int port) {
		KubernetesMockServer created = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				this.dispatcher, false);
		created.init(InetAddress.getLoopbackAddress(), port);
		return created;
	}

	/**
	 * Return the URL of the API server, for {@code grpckit.discovery.kubernetes.api-url}.
	 * @return the URL
	 */
	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Return the properties of a client application that resolves through this server.
	 * @return the properties
	 */
	public String[] clientProperties() {
		return new String[] { "grpckit.discovery.kubernetes.api-url=" + url(),
				"grpckit.discovery.kubernetes.namespace=" + NAMESPACE };
	}

	/**
	 * Return a client of this server for the test's own writes.
	 * @return the client
	 */
	public KubernetesClient client() {
		return this.client;
	}

	/**
	 * Stop the server, breaking every watch, and start another on the same port with the
	 * same objects.
	 */
	public synchronized void restart() {
		drainRequests();
		this.server.destroy();
		this.server = newServer(this.port);
	}

	/**
	 * Return the requests received so far (the server's request log).
	 * @return method and path of each request
	 */
	public synchronized List<String> requests() {
		drainRequests();
		return this.requests.stream().map((request) -> request.getMethod() + " " + request.getPath()).toList();
	}

	private void drainRequests() {
		try {
			RecordedRequest request;
			while ((request = this.server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
				this.requests.add(request);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Create or replace a slice of a Service whose endpoints all listen on one port.
	 * @param service the Service
	 * @param slice the slice name
	 * @param port the port, named {@code grpc}
	 * @param endpoints the endpoints
	 */
	public void putSlice(String service, String slice, int port, Endpoint... endpoints) {
		EndpointSlice resource = new EndpointSliceBuilder().withNewMetadata()
			.withName(slice)
			.withNamespace(NAMESPACE)
			.addToLabels("kubernetes.io/service-name", service)
			.endMetadata()
			.withAddressType("IPv4")
			.addNewPort()
			.withName("grpc")
			.withPort(port)
			.withProtocol("TCP")
			.endPort()
			.withEndpoints(endpoints)
			.build();
		this.client.resource(resource).createOr((existing) -> existing.update());
	}

	/**
	 * Delete a slice.
	 * @param slice the slice name
	 */
	public void deleteSlice(String slice) {
		this.client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName(slice).delete();
	}

	/**
	 * Return a ready endpoint on 127.0.0.1 for a pod.
	 * @param pod the pod name
	 * @return the endpoint
	 */
	public static Endpoint ready(String pod) {
		return endpoint(pod, true, false);
	}

	/**
	 * Return an endpoint whose pod began terminating: not ready, still serving, terminating,
	 * as Kubernetes marks it before the pod's containers are stopped.
	 * @param pod the pod name
	 * @return the endpoint
	 */
	public static Endpoint terminating(String pod) {
		return endpoint(pod, false, true);
	}

	/**
	 * Return an endpoint on 127.0.0.1 for a pod.
	 * @param pod the pod name
	 * @param ready its ready condition
	 * @param terminating its terminating condition
	 * @return the endpoint
	 */
	public static Endpoint endpoint(String pod, boolean ready, boolean terminating) {
		return new EndpointBuilder().withAddresses("127.0.0.1")
			.withNewConditions()
			.withReady(ready)
			.withServing(ready || terminating)
			.withTerminating(terminating)
			.endConditions()
			.withNewTargetRef()
			.withKind("Pod")
			.withName(pod)
			.withNamespace(NAMESPACE)
			.endTargetRef()
			.withNodeName("node-" + pod)
			.withZone("zone-a")
			.build();
	}

	@Override
	public void close() {
		this.client.close();
		this.server.destroy();
	}

}
