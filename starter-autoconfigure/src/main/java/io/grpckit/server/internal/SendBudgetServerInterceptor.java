package io.grpckit.server.internal;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Puts the calls that send a stream of messages (server streaming and bidi) under a
 * {@link SendBudget}, shared per connection by remote address. Unary and client-streaming
 * calls send one message and pass through untouched.
 */
public final class SendBudgetServerInterceptor implements ServerInterceptor {

	private final SendBudget budget;

	/**
	 * Create an interceptor.
	 * @param budget the budget its calls share
	 */
	public SendBudgetServerInterceptor(SendBudget budget) {
		this.budget = budget;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		if (call.getMethodDescriptor().getType().serverSendsOneMessage()) {
			return next.startCall(call, headers);
		}
		SendBudget.ConnectionShare share = this.budget.join(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
		BudgetedCall<ReqT, RespT> budgeted = new BudgetedCall<>(call, this.budget, share);
		try {
			return budgeted.listen(next.startCall(budgeted, headers));
		}
		catch (RuntimeException ex) {
			this.budget.leave(share);
			throw ex;
		}
	}

}
