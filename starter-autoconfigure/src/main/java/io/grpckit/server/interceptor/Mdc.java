package io.grpckit.server.interceptor;

import io.grpckit.RequestId;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

/**
 * The request id in the SLF4J MDC when SLF4J is present, nothing otherwise. {@link #enter}
 * puts it and {@link #exit} puts back what was there before, so nothing stays behind on a
 * pooled thread and a thread that already carries the id is left as it is.
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

	/**
	 * Put the request id, unless the thread already carries it.
	 * @param requestId the request id
	 * @return the value to hand to {@link #exit}: what the MDC held before
	 */
	@Nullable String enter(String requestId) {
		if (!this.available) {
			return null;
		}
		String previous = MDC.get(RequestId.MDC_KEY);
		if (!requestId.equals(previous)) {
			MDC.put(RequestId.MDC_KEY, requestId);
		}
		return previous;
	}

	/**
	 * Put back what the MDC held before {@link #enter}.
	 * @param requestId the request id given to {@code enter}
	 * @param previous what {@code enter} returned
	 */
	void exit(String requestId, @Nullable String previous) {
		if (!this.available || requestId.equals(previous)) {
			return;
		}
		if (previous == null) {
			MDC.remove(RequestId.MDC_KEY);
		}
		else {
			MDC.put(RequestId.MDC_KEY, previous);
		}
	}

}
