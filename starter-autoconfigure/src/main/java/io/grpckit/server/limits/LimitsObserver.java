package io.grpckit.server.limits;

import java.util.List;

/**
 * Told of every call the limits admitted or refused, e.g. to count them in meters. Called
 * on the thread that decides, which may be a transport thread: return at once.
 */
public interface LimitsObserver {

	/** Does nothing. */
	LimitsObserver NONE = new LimitsObserver() {

		@Override
		public void admitted(String method) {
		}

		@Override
		public void refused(String method, Refusal reason) {
		}

	};

	/**
	 * One observer that tells all of these, in order.
	 * @param observers the observers
	 * @return an observer
	 */
	static LimitsObserver all(List<LimitsObserver> observers) {
		if (observers.isEmpty()) {
			return NONE;
		}
		if (observers.size() == 1) {
			return observers.get(0);
		}
		List<LimitsObserver> copy = List.copyOf(observers);
		return new LimitsObserver() {

			@Override
			public void admitted(String method) {
				copy.forEach((observer) -> observer.admitted(method));
			}

			@Override
			public void refused(String method, Refusal reason) {
				copy.forEach((observer) -> observer.refused(method, reason));
			}

		};
	}

	/**
	 * A call passed every limit and goes on to service code.
	 * @param method the full method name
	 */
	void admitted(String method);

	/**
	 * A call was refused before service code ran.
	 * @param method the full method name
	 * @param reason which limit refused it
	 */
	void refused(String method, Refusal reason);

	/** Why a call was refused. */
	enum Refusal {

		/** The server's or the method's concurrency limit was reached. */
		CONCURRENCY("concurrency"),

		/** The call waited longer than the maximum queue time for a service thread. */
		QUEUE_TIME("queue-time"),

		/** The method's rate was exceeded for the caller's key. */
		RATE("rate");

		private final String tag;

		Refusal(String tag) {
			this.tag = tag;
		}

		/** The name used in meters and logs. */
		public String tag() {
			return this.tag;
		}

	}

}
