package io.grpckit.server;

import org.springframework.context.ApplicationEvent;

/**
 * Published synchronously during graceful shutdown, after every health status turned
 * NOT_SERVING and before the quiet period and the drain. Discovery deregisters the
 * instance here, so clients stop picking it before it refuses calls.
 */
public class GrpcServerStoppingEvent extends ApplicationEvent {

	public GrpcServerStoppingEvent(Object source) {
		super(source);
	}

}
