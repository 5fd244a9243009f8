package io.grpckit.demo.greeter;

import java.util.concurrent.RejectedExecutionException;

import io.grpc.Status;
import io.grpckit.RequestId;
import io.grpckit.server.error.GrpcAdvice;
import io.grpckit.server.error.GrpcExceptionHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * An example of a {@link GrpcAdvice @GrpcAdvice}: maps an exception that the greeter throws
 * only in an unusual internal state to a status the client can act on. The greeter's one timer
 * thread stops when the service is destroyed, and refuses delays from then on
 * ({@link RejectedExecutionException} from {@link DelayScheduler}). Without this advice the
 * kit's safety net would answer INTERNAL and log an error; a refused delay is no bug but a
 * server on its way out, and UNAVAILABLE tells the client to try again, on another instance.
 * Everything the advice does not handle still reaches the safety net.
 */
@GrpcAdvice
class GreeterAdvice {

	static final String SHUTTING_DOWN = "delay_ms: the server is shutting down (expected: retry on another instance)";

	private static final Log logger = LogFactory.getLog(GreeterAdvice.class);

	@GrpcExceptionHandler
	Status delayRefused(RejectedExecutionException ex) {
		logger.debug(LogMessage.format("Delay refused [requestId=%s]: %s", RequestId.current(), ex.getMessage()));
		return Status.UNAVAILABLE.withDescription(SHUTTING_DOWN);
	}

}
