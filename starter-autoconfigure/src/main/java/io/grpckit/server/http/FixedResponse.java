package io.grpckit.server.http;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Flow;

/**
 * A response known without calling a service (bad requests, too large bodies, preflights),
 * published part by part on demand.
 */
final class FixedResponse implements Flow.Publisher<HttpPart> {

	private final List<HttpPart> parts;

	FixedResponse(List<HttpPart> parts) {
		this.parts = List.copyOf(parts);
	}

	@Override
	public void subscribe(Flow.Subscriber<? super HttpPart> subscriber) {
		Queue<HttpPart> left = new ArrayDeque<>(this.parts);
		subscriber.onSubscribe(new Flow.Subscription() {

			private boolean done;

			private boolean emitting;

			private long demand;

			@Override
			public synchronized void request(long n) {
				if (this.done) {
					return;
				}
				this.demand += n;
				// a subscriber that asks for more inside onNext must not recurse into this loop
				if (this.emitting) {
					return;
				}
				this.emitting = true;
				while (this.demand > 0 && !left.isEmpty() && !this.done) {
					this.demand--;
					subscriber.onNext(left.poll());
				}
				this.emitting = false;
				if (left.isEmpty() && !this.done) {
					this.done = true;
					subscriber.onComplete();
				}
			}

			@Override
			public synchronized void cancel() {
				this.done = true;
			}

		});
	}

}
