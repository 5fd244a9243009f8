package io.grpckit.server.interceptor;

import io.grpckit.RequestId;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

/**
 * The SLF4J MDC when SLF4J is present, nothing otherwise.
 */
final class Mdc {

	private static final boolean SLF4J_PRESENT = ClassUtils.isPresent("org.slf4j.MDC", Mdc.class.getClassLoader());

	private final boolean available;

	private Mdc(boolean available) {
		this.available = available;
	}

	static Mdc create() {
		return new Mdc(SLF4J_PRESENT);
	}

	boolean isAvailable() {
		return this.available;
	}

	void put(String requestId) {
		MDC.put(RequestId.MDC_KEY, requestId);
	}

	void remove() {
		MDC.remove(RequestId.MDC_KEY);
	}

}
