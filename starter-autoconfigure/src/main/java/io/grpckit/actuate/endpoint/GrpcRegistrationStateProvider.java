package io.grpckit.actuate.endpoint;

import java.util.List;

/**
 * Reports where this application is registered, for the {@code registrations} section of
 * the {@code grpc} Actuator endpoint. Service discovery (Consul, etcd) implements it;
 * every bean of this type is asked on each read.
 */
@FunctionalInterface
public interface GrpcRegistrationStateProvider {

	/**
	 * Return the current registrations.
	 * @return one entry per registration, empty when not registered
	 */
	List<GrpcEndpoint.RegistrationDescriptor> registrations();

}
