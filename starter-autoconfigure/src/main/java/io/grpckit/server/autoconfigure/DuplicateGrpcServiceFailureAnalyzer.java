package io.grpckit.server.autoconfigure;

import io.grpckit.server.internal.DuplicateGrpcServiceException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains two beans implementing the same gRPC service.
 */
class DuplicateGrpcServiceFailureAnalyzer extends AbstractFailureAnalyzer<DuplicateGrpcServiceException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DuplicateGrpcServiceException cause) {
		String service = cause.getServiceName();
		return new FailureAnalysis("The gRPC service " + service + " is implemented by two beans, '"
				+ cause.getFirstBean() + "' and '" + cause.getSecondBean() + "'. A server serves each service name "
				+ "once, so one of them would never be called.",
				"Keep one bean implementing " + service + ": remove one, make one conditional (for example "
						+ "@ConditionalOnMissingBean on a fallback), or give one of them a service of its own "
						+ "in its .proto file.",
				cause);
	}

}
