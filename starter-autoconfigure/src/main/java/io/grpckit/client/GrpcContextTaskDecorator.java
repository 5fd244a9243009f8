package io.grpckit.client;

import io.grpc.Context;

import org.springframework.core.task.TaskDecorator;

/**
 * Runs each task in the gRPC {@link Context} of the thread that submitted it, so work that
 * service code hands to another thread keeps the deadline, cancellation and request id of
 * the call being served, and outgoing calls made there inherit them.
 * <p>
 * The client auto-configuration registers it as a bean: Spring Boot applies every
 * {@link TaskDecorator} bean to its auto-configured task executors ({@code @Async},
 * {@code applicationTaskExecutor}). For any other {@link java.util.concurrent.Executor},
 * use {@link Context#currentContextExecutor(java.util.concurrent.Executor)}.
 */
public final class GrpcContextTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable runnable) {
		return Context.current().wrap(runnable);
	}

}
