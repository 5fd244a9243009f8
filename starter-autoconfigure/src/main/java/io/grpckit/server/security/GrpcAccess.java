package io.grpckit.server.security;

/**
 * What a {@link GrpcMethodRule} asks of a caller.
 */
public enum GrpcAccess {

	/** Anyone, with or without credentials. */
	PERMIT_ALL,

	/** Any authenticated caller; with authorities, one holding any of them. */
	AUTHENTICATED,

	/** No one. */
	DENY_ALL

}
