package io.grpckit.server.limits;

import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * The limits that apply to one method, resolved once per method.
 * @param method the full method name
 * @param server the server-wide concurrency limit, unless the method's service is excluded
 * @param concurrency the method's own concurrency limit
 * @param rate the method's rate limit decided at admission (keys {@code none} and
 * {@code header:})
 * @param rateHeader the header whose value is the rate key, for {@code header:} keys
 * @param principalRate the method's rate limit keyed by the authenticated caller, decided
 * after authentication
 * @param unary whether calls send one message each way, so their duration is a latency
 * sample
 * @param queueTimed whether the maximum queue time applies
 */
record Governance(String method, @Nullable ConcurrencyLimit server, @Nullable ConcurrencyLimit concurrency,
		@Nullable RateLimit rate, Metadata.@Nullable Key<String> rateHeader, @Nullable RateLimit principalRate,
		boolean unary, boolean queueTimed) {

	/** Whether admission has anything to decide. */
	boolean admits() {
		return this.server != null || this.concurrency != null || this.rate != null || this.queueTimed;
	}

}
