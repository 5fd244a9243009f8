package io.grpckit.server.autoconfigure;

import io.grpckit.server.GrpcServerStartException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a gRPC server (or admin server) that could not bind its port because it is
 * taken, like Spring Boot does for the web server's port.
 */
class GrpcPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<GrpcServerStartException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, GrpcServerStartException cause) {
		if (!cause.isPortInUse()) {
			return null;
		}
		Throwable bindFailure = cause.getCause();
		String address = (bindFailure != null) ? " (" + bindFailure.getMessage() + ")" : "";
		String property = cause.getPortProperty();
		return new FailureAnalysis("The gRPC server failed to start: its port is already in use" + address
				+ ". The port is set by " + property + ".",
				"Identify and stop the process that is listening on that port, or configure this application to "
						+ "listen on another one with " + property + " (0 picks a free port).",
				cause);
	}

}
