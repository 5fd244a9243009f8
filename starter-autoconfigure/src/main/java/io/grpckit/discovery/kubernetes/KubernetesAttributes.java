package io.grpckit.discovery.kubernetes;

import io.grpc.Attributes;

/**
 * Attributes of the addresses the {@code kubernetes:///} resolver hands to a channel, read
 * from each endpoint of the Service's EndpointSlices, for a custom load-balancing policy
 * (for example one that prefers its own zone). An attribute is absent when the endpoint does
 * not say. The addresses also carry
 * {@link io.grpckit.discovery.ServiceInstance#INSTANCE_ID_ATTRIBUTE} (the pod name, else the
 * IP address) and {@link io.grpckit.discovery.ServiceInstance#METADATA_ATTRIBUTE} (keys
 * {@code zone}, {@code pod}, {@code node}), like the etcd and Consul resolvers' addresses.
 */
public final class KubernetesAttributes {

	/** Zone of the endpoint ({@code endpoints[].zone}), e.g. {@code europe-west1-b}. */
	public static final Attributes.Key<String> ZONE = Attributes.Key.create("grpckit.kubernetes.zone");

	/** Name of the pod behind the endpoint ({@code endpoints[].targetRef} of kind Pod). */
	public static final Attributes.Key<String> POD_NAME = Attributes.Key.create("grpckit.kubernetes.podName");

	/** Name of the node the endpoint runs on ({@code endpoints[].nodeName}). */
	public static final Attributes.Key<String> NODE_NAME = Attributes.Key.create("grpckit.kubernetes.nodeName");

	/** Metadata key of the pod name in {@link io.grpckit.discovery.ServiceInstance#METADATA_ATTRIBUTE}. */
	public static final String POD_METADATA = "pod";

	/** Metadata key of the node name in {@link io.grpckit.discovery.ServiceInstance#METADATA_ATTRIBUTE}. */
	public static final String NODE_METADATA = "node";

	private KubernetesAttributes() {
	}

}
