package io.grpckit.server.interceptor;

/**
 * When the server compresses its responses with gzip.
 */
public enum ResponseCompression {

	/** Compress the responses of a call whose request came compressed. */
	MIRROR,

	/** Compress whenever the client accepts gzip. */
	ALWAYS,

	/** Never compress responses. */
	NEVER

}
