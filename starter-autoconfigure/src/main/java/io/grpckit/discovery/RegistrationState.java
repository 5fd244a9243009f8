package io.grpckit.discovery;

/**
 * State of the registration of this instance in one backend.
 */
public enum RegistrationState {

	/** Not registered yet: the server has not started. */
	NOT_REGISTERED,

	/** Registered and kept alive. */
	REGISTERED,

	/** Lost or not yet made; trying again with backoff. */
	RETRYING,

	/** Taken out of rotation on purpose; the server keeps running. */
	PAUSED,

	/** Failing for a reason that needs attention (refused, misconfigured); still retried. */
	FAILED,

	/** Deregistered at shutdown. */
	DEREGISTERED

}
