package io.grpckit.server.http;

import io.grpc.Status;

/**
 * An HTTP request that cannot become the method's request message: malformed JSON, an unknown or
 * mistyped field, a query parameter or path variable that does not parse. The message is written
 * for the caller (it names the field and the value) and goes back as INVALID_ARGUMENT / 400.
 */
final class HttpBindingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	HttpBindingException(String message) {
		// No stack trace: the caller's mistake, not ours, and it is thrown once per bad request.
		super(message, null, false, false);
	}

	/** The status the call ends with: INVALID_ARGUMENT with this message as description. */
	Status toStatus() {
		return Status.INVALID_ARGUMENT.withDescription(getMessage());
	}

}
