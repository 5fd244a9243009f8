package io.grpckit.server.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Makes a request message that cannot be parsed fail with INTERNAL, as the gRPC status code
 * guide asks; grpc-java parses before any interceptor runs and answers UNKNOWN. The wrapped
 * service receives raw messages and parses them itself, outside every interceptor.
 */
public final class UnparsableRequestMapping {

	private static final MethodDescriptor.Marshaller<InputStream> RAW = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(InputStream value) {
			return value;
		}

		@Override
		public InputStream parse(InputStream stream) {
			return stream;
		}

	};

	private UnparsableRequestMapping() {
	}

	/**
	 * Wrap every method of a service so that parse failures become INTERNAL.
	 * @param definition the service
	 * @return the wrapped service, with the same names and schema
	 */
	public static ServerServiceDefinition wrap(ServerServiceDefinition definition) {
		ServiceDescriptor original = definition.getServiceDescriptor();
		ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
			.setSchemaDescriptor(original.getSchemaDescriptor());
		List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
		for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
			ServerMethodDefinition<InputStream, ?> raw = rawMethod(method);
			descriptor.addMethod(raw.getMethodDescriptor());
			methods.add(raw);
		}
		ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
		for (ServerMethodDefinition<InputStream, ?> method : methods) {
			builder.addMethod(method);
		}
		return builder.build();
	}

	private static <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> rawMethod(
			ServerMethodDefinition<ReqT, RespT> method) {
		MethodDescriptor<ReqT, RespT> typed = method.getMethodDescriptor();
		MethodDescriptor<InputStream, RespT> raw = typed.toBuilder(RAW, typed.getResponseMarshaller()).build();
		ServerCallHandler<InputStream, RespT> handler = (call, headers) -> {
			ServerCall.Listener<ReqT> listener = method.getServerCallHandler()
				.startCall(new TypedServerCall<>(call, typed), headers);
			return new ParsingListener<>(listener, typed, call);
		};
		return ServerMethodDefinition.create(raw, handler);
	}

	private static final class ParsingListener<ReqT> extends ServerCall.Listener<InputStream> {

		private final ServerCall.Listener<ReqT> delegate;

		private final MethodDescriptor<ReqT, ?> method;

		private final ServerCall<InputStream, ?> call;

		// listener callbacks are serialized, so a plain field is enough
		private boolean failed;

		ParsingListener(ServerCall.Listener<ReqT> delegate, MethodDescriptor<ReqT, ?> method,
				ServerCall<InputStream, ?> call) {
			this.delegate = delegate;
			this.method = method;
			this.call = call;
		}

		@Override
		public void onMessage(InputStream message) {
			if (this.failed) {
				return;
			}
			ReqT request;
			try {
				request = this.method.parseRequest(message);
			}
			catch (RuntimeException ex) {
				this.failed = true;
				this.call.close(statusFor(ex), new Metadata());
				return;
			}
			this.delegate.onMessage(request);
		}

		private Status statusFor(RuntimeException ex) {
			Status unparsable = Status.INTERNAL
				.withDescription("Request message for " + this.method.getFullMethodName() + " cannot be parsed")
				.withCause(ex);
			// size limits are enforced while the (decompressed) message is read: keep their status
			if (ex instanceof StatusRuntimeException statusException
					&& statusException.getStatus().getCode() != Status.Code.INTERNAL) {
				return statusException.getStatus();
			}
			return unparsable;
		}

		@Override
		public void onHalfClose() {
			if (!this.failed) {
				this.delegate.onHalfClose();
			}
		}

		@Override
		public void onReady() {
			if (!this.failed) {
				this.delegate.onReady();
			}
		}

		@Override
		public void onCancel() {
			this.delegate.onCancel();
		}

		@Override
		public void onComplete() {
			if (this.failed) {
				// the service never saw this call end: tell it the way it hears of any abort,
				// so that its cancel handlers release what the call holds
				this.delegate.onCancel();
			}
			else {
				this.delegate.onComplete();
			}
		}

	}

	private static final class TypedServerCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {

		private final ServerCall<InputStream, RespT> delegate;

		private final MethodDescriptor<ReqT, RespT> method;

		TypedServerCall(ServerCall<InputStream, RespT> delegate, MethodDescriptor<ReqT, RespT> method) {
			this.delegate = delegate;
			this.method = method;
		}

		@Override
		public void request(int numMessages) {
			this.delegate.request(numMessages);
		}

		@Override
		public void sendHeaders(Metadata headers) {
			this.delegate.sendHeaders(headers);
		}

		@Override
		public void sendMessage(RespT message) {
			this.delegate.sendMessage(message);
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void close(Status status, Metadata trailers) {
			this.delegate.close(status, trailers);
		}

		@Override
		public boolean isCancelled() {
			return this.delegate.isCancelled();
		}

		@Override
		public void setMessageCompression(boolean enabled) {
			this.delegate.setMessageCompression(enabled);
		}

		@Override
		public void setCompression(String compressor) {
			this.delegate.setCompression(compressor);
		}

		@Override
		public void setOnReadyThreshold(int numBytes) {
			this.delegate.setOnReadyThreshold(numBytes);
		}

		@Override
		public SecurityLevel getSecurityLevel() {
			return this.delegate.getSecurityLevel();
		}

		@Override
		public Attributes getAttributes() {
			return this.delegate.getAttributes();
		}

		@Override
		public String getAuthority() {
			return this.delegate.getAuthority();
		}

		@Override
		public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
			return this.method;
		}

	}

}
