package io.grpckit.server.http;
final class HttpBindingException extends RuntimeException {
	HttpBindingException(String message) { super(message); }
}
