package io.grpckit;

import org.springframework.core.Ordered;

/**
 * Orders of the built-in interceptors, server and client alike. Lower runs first
 * (outermost). User interceptors without an order run last, after all of these.
 */
public final class InterceptorOrder {

	/** Request id: outermost, so every other interceptor and every log line sees it. */
	public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE + 1000;

	/**
	 * Metrics and tracing: inside request id (log lines and tags can carry it) but outside
	 * exception mapping. A failure mapped to a status is closed on the call the mapping
	 * interceptor received, which is the observed one only when observation runs outside
	 * it; inside, a thrown exception would be recorded as {@code UNKNOWN} instead of the
	 * status the client gets.
	 */
	public static final int OBSERVATION = Ordered.HIGHEST_PRECEDENCE + 1500;

	/**
	 * Server limits: inside request id and observation, so a refusal carries the request id
	 * and is measured like any call; outside exception mapping, so no advice sees it.
	 */
	public static final int LIMITS = Ordered.HIGHEST_PRECEDENCE + 1750;

	/**
	 * ORCA load reports per call (when {@code grpckit.server.orca.enabled}): outside
	 * exception mapping, so that every call's trailers carry the report, a mapped failure's
	 * too, and service code can reach {@code CallMetricRecorder.getCurrent()}; inside the
	 * limits, whose refusals carry none.
	 */
	public static final int LOAD_REPORT = Ordered.HIGHEST_PRECEDENCE + 1800;

	/** Exception mapping: sees every failure of the interceptors inside it. */
	public static final int EXCEPTION_MAPPING = Ordered.HIGHEST_PRECEDENCE + 2000;

	/** Response compression policy. */
	public static final int COMPRESSION = Ordered.HIGHEST_PRECEDENCE + 2500;

	/** Authentication and authorization. */
	public static final int SECURITY = Ordered.HIGHEST_PRECEDENCE + 4000;

	/** Rate limits kept per authenticated caller: just inside security, which finds the caller. */
	public static final int RATE_LIMIT_BY_PRINCIPAL = Ordered.HIGHEST_PRECEDENCE + 4500;

	/**
	 * Validation of request messages against their {@code buf.validate} rules: inside
	 * security and limits, so that a caller who may not call learns nothing about the rules
	 * and a refused call costs no validation; inside exception mapping, so that rules that
	 * cannot be compiled end as INTERNAL like any fault; before user interceptors and the
	 * service, which see only valid messages.
	 */
	public static final int VALIDATION = Ordered.HIGHEST_PRECEDENCE + 5000;

	private InterceptorOrder() {
	}

}
