package io.grpckit.server.limits;

import java.util.concurrent.Executor;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.Status;
import io.grpckit.server.internal.EventLoopCalls;
import org.jspecify.annotations.Nullable;

/**
 * Admits or refuses each call before it is queued for a service thread. gRPC asks this
 * supplier for a call's executor right after it looks the method up, on the server's
 * default executor, which {@link EventLoopCalls} makes the transport thread itself: so
 * the decision costs no thread hand-off and does not wait behind queued service work. An
 * admitted call gets a {@link Ticket} that runs it on its executor (the service executor,
 * or the transport thread for a {@code @NonBlocking} method); a refused call
 * gets one that runs its interceptors at once, where {@link LimitsServerInterceptor}
 * closes it.
 */
final class Admission implements ServerCallExecutorSupplier {

	private final GrpcServerLimits limits;

	private final EventLoopCalls executors;

	Admission(GrpcServerLimits limits, EventLoopCalls executors) {
		this.limits = limits;
		this.executors = executors;
	}

	@Override
	public <ReqT, RespT> @Nullable Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
		Governance governance = this.limits.governance(call.getMethodDescriptor());
		if (!governance.admits()) {
			return this.executors.executorFor(call.getMethodDescriptor());
		}
		long now = System.nanoTime();
		ConcurrencyLimit server = governance.server();
		if (server != null && !server.tryAcquire()) {
			return concurrencyRefusal(metadata, governance, server);
		}
		ConcurrencyLimit method = governance.concurrency();
		if (method != null && !method.tryAcquire()) {
			if (server != null) {
				server.release(now, false);
			}
			return concurrencyRefusal(metadata, governance, method);
		}
		RateLimit rate = governance.rate();
		if (rate != null) {
			String key = "";
			if (governance.rateHeader() != null) {
				String value = metadata.get(governance.rateHeader());
				key = (value != null) ? value : "";
			}
			long wait = rate.tryAcquire(key);
			if (wait >= 0) {
				if (method != null) {
					method.release(now, false);
				}
				if (server != null) {
					server.release(now, false);
				}
				long millis = RateLimit.pushbackMillis(wait);
				return Ticket.refused(metadata, governance, LimitsObserver.Refusal.RATE, rate.refusal(millis), millis);
			}
		}
		return Ticket.admitted(metadata, governance, now, this.executors.executorFor(call.getMethodDescriptor()));
	}

	private Ticket concurrencyRefusal(Metadata headers, Governance governance, ConcurrencyLimit limit) {
		String who = "server".equals(limit.scope()) ? "the server is" : governance.method() + " is";
		Status status = Status.UNAVAILABLE.withDescription(
				who + " at its limit of " + limit.limit() + " concurrent calls (" + limit.property() + ")");
		return Ticket.refused(headers, governance, LimitsObserver.Refusal.CONCURRENCY, status,
				this.limits.retryPushbackMillis());
	}

}
