package io.grpckit.client;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;

/**
 * Where the channel of a name connects, and with which credentials.
 */
public interface GrpcChannelTargets {

	/** Prefix of targets that name an in-process server: {@code in-process:<name>}. */
	String IN_PROCESS_PREFIX = "in-process:";

	/**
	 * Return the target of the named channel: {@code host:port}, a URI whose scheme has a
	 * registered {@link io.grpc.NameResolverProvider}, or {@code in-process:<name>}.
	 * @param name the channel name
	 * @return the target
	 */
	String getTarget(String name);

	/**
	 * Return the credentials of the named channel. Ignored for in-process targets.
	 * @param name the channel name
	 * @return the credentials, plaintext unless overridden
	 */
	default ChannelCredentials getCredentials(String name) {
		return InsecureChannelCredentials.create();
	}

}
