package io.grpckit.server.security;

import java.util.function.Supplier;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ServerCall;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Runs every callback of a call with the call's {@link SecurityContext} set on the thread
 * that runs it, restoring the thread's previous context afterwards: grpc-java may run the
 * callbacks of one call on different executor threads, and those threads serve other calls
 * next. Method security denials become UNAUTHENTICATED or PERMISSION_DENIED.
 */
final class SecurityContextListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

	private final SecurityContext context;

	SecurityContextListener(ServerCall.Listener<ReqT> delegate, SecurityContext context) {
		super(delegate);
		this.context = context;
	}

	@Override
	public void onMessage(ReqT message) {
		runWithin(this.context, () -> {
			super.onMessage(message);
			return null;
		});
	}

	@Override
	public void onHalfClose() {
		runWithin(this.context, () -> {
			super.onHalfClose();
			return null;
		});
	}

	@Override
	public void onCancel() {
		runWithin(this.context, () -> {
			super.onCancel();
			return null;
		});
	}

	@Override
	public void onComplete() {
		runWithin(this.context, () -> {
			super.onComplete();
			return null;
		});
	}

	@Override
	public void onReady() {
		runWithin(this.context, () -> {
			super.onReady();
			return null;
		});
	}

	static <T extends @Nullable Object> T runWithin(SecurityContext context, Supplier<T> action) {
		SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
		SecurityContext previous = holder.getContext();
		holder.setContext(context);
		try {
			return action.get();
		}
		catch (AccessDeniedException ex) {
			// thrown by @PreAuthorize and friends; the exception mapping outside passes statuses on
			throw (GrpcMethodRule.isAuthenticated(context.getAuthentication()) ? AuthenticationServerInterceptor.DENIED
					: AuthenticationServerInterceptor.UNAUTHENTICATED).asRuntimeException();
		}
		catch (AuthenticationException ex) {
			throw AuthenticationServerInterceptor.UNAUTHENTICATED.asRuntimeException();
		}
		finally {
			if (previous.getAuthentication() == null) {
				holder.clearContext();
			}
			else {
				holder.setContext(previous);
			}
		}
	}

}
