package io.grpckit.server.error;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpckit.InterceptorOrder;
import io.grpckit.RequestId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;

/**
 * The safety net for exceptions of service code: thrown from any call callback, or passed to
 * {@code onError} as something other than a status. The resolvers map it; anything
 * unmapped becomes INTERNAL with a fixed description and is logged once with the request
 * id. No class name, message or stack trace reaches the client.
 */
public class ExceptionMappingServerInterceptor implements ServerInterceptor, Ordered {

	/** Description of the INTERNAL status sent for unmapped exceptions. */
	public static final String INTERNAL_DESCRIPTION = "Internal server error";

	private static final Log logger = LogFactory.getLog(ExceptionMappingServerInterceptor.class);

	private final List<GrpcExceptionResolver> resolvers;

	public ExceptionMappingServerInterceptor(List<GrpcExceptionResolver> resolvers) {
		this.resolvers = List.copyOf(resolvers);
	}

	@Override
	public int getOrder() {
		return InterceptorOrder.EXCEPTION_MAPPING;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		MappingServerCall<ReqT, RespT> mappingCall = new MappingServerCall<>(call, headers);
		try {
			return new MappingListener<>(next.startCall(mappingCall, headers), mappingCall);
		}
		catch (RuntimeException ex) {
			mappingCall.closeWith(ex);
			return new ServerCall.Listener<>() {
			};
		}
	}

	StatusException map(Throwable exception, Metadata headers, String method) {
		if (exception instanceof StatusException statusException) {
			return statusException;
		}
		if (exception instanceof StatusRuntimeException statusRuntimeException) {
			return statusRuntimeException.getStatus().asException(statusRuntimeException.getTrailers());
		}
		for (GrpcExceptionResolver resolver : this.resolvers) {
			try {
				StatusException resolved = resolver.resolve(exception, headers);
				if (resolved != null) {
					return resolved;
				}
			}
			catch (RuntimeException resolverFailure) {
				exception.addSuppressed(resolverFailure);
				break;
			}
		}
		logger.error("Unexpected failure in " + method + " [requestId=" + RequestId.current() + "]", exception);
		return Status.INTERNAL.withDescription(INTERNAL_DESCRIPTION).asException();
	}

	private final class MappingServerCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final Metadata headers;

		private final AtomicBoolean closed = new AtomicBoolean();

		// set when this interceptor, not the service, ended the call
		private volatile boolean closedByFailure;

		MappingServerCall(ServerCall<ReqT, RespT> delegate, Metadata headers) {
			super(delegate);
			this.headers = headers;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			if (!this.closed.compareAndSet(false, true)) {
				return;
			}
			Throwable cause = status.getCause();
			// onError(t) with a non-status t arrives here as UNKNOWN carrying t
			if (status.getCode() == Status.Code.UNKNOWN && cause != null && !(cause instanceof StatusException)
					&& !(cause instanceof StatusRuntimeException)) {
				StatusException mapped = map(cause, this.headers, getMethodDescriptor().getFullMethodName());
				Metadata merged = (mapped.getTrailers() != null) ? mapped.getTrailers() : new Metadata();
				merged.merge(trailers);
				super.close(mapped.getStatus(), merged);
				return;
			}
			super.close(status, trailers);
		}

		boolean closedByFailure() {
			return this.closedByFailure;
		}

		void closeWith(Throwable exception) {
			if (this.closed.get()) {
				logger.debug("Exception after the call was closed", exception);
				return;
			}
			StatusException mapped = map(exception, this.headers, getMethodDescriptor().getFullMethodName());
			Metadata trailers = (mapped.getTrailers() != null) ? mapped.getTrailers() : new Metadata();
			this.closedByFailure = true;
			close(mapped.getStatus(), trailers);
		}

	}

	private static final class MappingListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final MappingServerCall<ReqT, ?> call;

		MappingListener(ServerCall.Listener<ReqT> delegate, MappingServerCall<ReqT, ?> call) {
			super(delegate);
			this.call = call;
		}

		@Override
		public void onMessage(ReqT message) {
			try {
				super.onMessage(message);
			}
			catch (RuntimeException | LinkageError ex) {
				this.call.closeWith(ex);
			}
		}

		@Override
		public void onHalfClose() {
			try {
				super.onHalfClose();
			}
			catch (RuntimeException | LinkageError ex) {
				this.call.closeWith(ex);
			}
		}

		@Override
		public void onReady() {
			try {
				super.onReady();
			}
			catch (RuntimeException | LinkageError ex) {
				this.call.closeWith(ex);
			}
		}

		@Override
		public void onCancel() {
			try {
				super.onCancel();
			}
			catch (RuntimeException ex) {
				logger.error("Failure in cancellation handler [requestId=" + RequestId.current() + "]", ex);
			}
		}

		@Override
		public void onComplete() {
			try {
				if (this.call.closedByFailure()) {
					// the service threw and never ended the call: let its cancel handlers clean up
					super.onCancel();
				}
				else {
					super.onComplete();
				}
			}
			catch (RuntimeException ex) {
				logger.error("Failure after call completion [requestId=" + RequestId.current() + "]", ex);
			}
		}

	}

}
