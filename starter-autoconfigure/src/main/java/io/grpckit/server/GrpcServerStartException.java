package io.grpckit.server;

import java.io.IOException;
import java.net.BindException;

/**
 * Thrown when a gRPC server cannot start, typically because its port is in use. Spring
 * Boot's failure analysis explains it in a paragraph instead of a stack trace.
 */
public class GrpcServerStartException extends IllegalStateException {

	private final String portProperty;

	/**
	 * Create an exception.
	 * @param portProperty the property that sets the port of the server, e.g.
	 * {@code grpckit.server.port}
	 * @param cause why the server did not start
	 */
	public GrpcServerStartException(String portProperty, IOException cause) {
		super("gRPC server failed to start: " + cause.getMessage() + " (is the port in use? Set " + portProperty
				+ " to another port, or 0 for a free one)", cause);
		this.portProperty = portProperty;
	}

	/**
	 * Return the property that sets the port of the server that did not start.
	 * @return the property name
	 */
	public String getPortProperty() {
		return this.portProperty;
	}

	/**
	 * Return whether the server did not start because its address is taken.
	 * @return whether the port is in use
	 */
	public boolean isPortInUse() {
		for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
			// the NIO transport throws BindException; the native (epoll) one an IOException
			// with the text of EADDRINUSE
			String message = cause.getMessage();
			if (cause instanceof BindException || (message != null && message.contains("Address already in use"))) {
				return true;
			}
		}
		return false;
	}

}
