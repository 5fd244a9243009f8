package io.grpckit.server.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Flow;

/**
 * A response known without calling a service (bad requests, too large bodies, preflights),
 * published part by part on demand.
 */
final class FixedResponse implements Flow.Publisher<HttpPart> {

	static final String CONTENT_LENGTH = "content-length";

	private final List<HttpPart> parts;

	FixedResponse(List<HttpPart> parts) {
		this.parts = withLength(parts);
	}

	/**
	 * The parts of a whole response with its {@code content-length} in the head, so that the
	 * web server sends it with that length however it flushes, never chunked.
	 */
	static List<HttpPart> withLength(List<HttpPart> parts) {
		if (parts.isEmpty() || !(parts.get(0) instanceof HttpPart.Head head)) {
			return List.copyOf(parts);
		}
		long length = 0;
		for (HttpPart part : parts) {
			if (part instanceof HttpPart.Chunk chunk) {
				length += chunk.bytes().length;
			}
		}
		Map<String, List<String>> headers = new LinkedHashMap<>(head.headers());
		headers.put(CONTENT_LENGTH, List.of(Long.toString(length)));
		List<HttpPart> result = new ArrayList<>(parts);
		result.set(0, new HttpPart.Head(head.status(), headers));
		return List.copyOf(result);
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
