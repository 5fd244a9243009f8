package io.grpckit.server.limits;

import java.util.function.Supplier;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpckit.InterceptorOrder;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Rate limits keyed by the authenticated caller: they can only be decided once security has
 * authenticated the call, so this runs just inside the security interceptor, on the service
 * thread. Calls without an authenticated principal share one key.
 */
final class PrincipalRateLimitServerInterceptor implements ServerInterceptor, Ordered {

	private final GrpcServerLimits limits;

	private final Supplier<@Nullable String> principal;

	PrincipalRateLimitServerInterceptor(GrpcServerLimits limits, Supplier<@Nullable String> principal) {
		this.limits = limits;
		this.principal = principal;
	}

	@Override
	public int getOrder() {
		return InterceptorOrder.RATE_LIMIT_BY_PRINCIPAL;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Governance governance = this.limits.governance(call.getMethodDescriptor());
		RateLimit rate = governance.principalRate();
		if (rate == null) {
			return next.startCall(call, headers);
		}
		String name = this.principal.get();
		long wait = rate.tryAcquire((name != null) ? name : "");
		if (wait < 0) {
			return next.startCall(call, headers);
		}
		long millis = RateLimit.pushbackMillis(wait);
		return LimitsServerInterceptor.refuse(call, governance.method(), LimitsObserver.Refusal.RATE,
				rate.refusal(millis), millis, this.limits);
	}

}
