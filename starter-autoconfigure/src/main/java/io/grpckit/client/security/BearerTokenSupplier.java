package io.grpckit.client.security;

/**
 * Supplies the bearer token of a call, for example from a token cache that refreshes
 * itself. Called for every call on a grpc-java application thread, never on a transport
 * thread, so it may block briefly. Name the bean in
 * {@code grpckit.client.channel.<name>.auth.token-supplier}.
 */
@FunctionalInterface
public interface BearerTokenSupplier {

	/**
	 * Return the token to send, without the {@code Bearer } prefix.
	 * @return the token
	 */
	String getToken();

}
