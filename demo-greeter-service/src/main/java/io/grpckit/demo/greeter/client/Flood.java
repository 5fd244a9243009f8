package io.grpckit.demo.greeter.client;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;

/**
 * {@code client --flood=N}: starts N SayHello calls at once, each asking the server to wait
 * {@code --delay} before it answers, and sums up how they ended: how many succeeded and how
 * long they took, how many were refused, how fast, with which pushback and why. Against a
 * server with {@code grpckit.server.limits.*} it shows refusals answered at once while the
 * admitted calls take the time they would take alone.
 */
final class Flood {

	private static final Metadata.Key<String> PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Channel channel;

	private final PrintStream out;

	Flood(Channel channel, PrintStream out) {
		this.channel = channel;
		this.out = out;
	}

	/**
	 * Run the flood.
	 * @param calls how many calls to start at once
	 * @param delay how long the server waits before each reply
	 * @param deadline each call's deadline
	 * @return whether every call either succeeded or was refused by a limit
	 */
	boolean run(int calls, Duration delay, Duration deadline) throws Exception {
		HelloRequest request = HelloRequest.newBuilder().setName("flood").setDelayMs(delay.toMillis()).build();
		// connect and warm this client up first, so that the times below are the server's,
		// not those of a new connection and of a JVM that has just started
		GreeterGrpc.GreeterBlockingStub warmUp = GreeterGrpc.newBlockingStub(this.channel);
		for (int i = 0; i < 500; i++) {
			warmUp.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
				.sayHello(HelloRequest.newBuilder().setName("warm-up").build());
		}
		List<CompletableFuture<Ended>> ends = new ArrayList<>();
		for (int i = 0; i < calls; i++) {
			CompletableFuture<Ended> end = new CompletableFuture<>();
			long start = System.nanoTime();
			ClientCall<HelloRequest, HelloReply> call = this.channel.newCall(GreeterGrpc.getSayHelloMethod(),
					CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
			call.start(new ClientCall.Listener<>() {

				@Override
				public void onClose(Status status, Metadata trailers) {
					end.complete(new Ended(status, trailers.get(PUSHBACK), (System.nanoTime() - start) / 1_000_000));
				}

			}, new Metadata());
			call.request(1);
			call.sendMessage(request);
			call.halfClose();
			ends.add(end);
		}
		List<Long> ok = new ArrayList<>();
		List<Long> refused = new ArrayList<>();
		Map<String, Integer> reasons = new TreeMap<>();
		Map<String, Integer> pushbacks = new TreeMap<>();
		int other = 0;
		for (CompletableFuture<Ended> future : ends) {
			Ended ended = future.get(deadline.toMillis() + 30_000, TimeUnit.MILLISECONDS);
			Status.Code code = ended.status.getCode();
			if (code == Status.Code.OK) {
				ok.add(ended.millis);
			}
			else if (ended.pushback != null) {
				refused.add(ended.millis);
				reasons.merge(code + ": " + ended.status.getDescription(), 1, Integer::sum);
				pushbacks.merge(ended.pushback + " ms", 1, Integer::sum);
			}
			else {
				other++;
				reasons.merge(code + ": " + ended.status.getDescription(), 1, Integer::sum);
			}
		}
		this.out.println("flood of " + calls + " SayHello calls, each answered after " + delay.toMillis() + " ms:");
		this.out.println("  succeeded  " + ok.size() + summary(ok));
		this.out.println("  refused    " + refused.size() + summary(refused) + (pushbacks.isEmpty() ? ""
				: ", retry pushback " + String.join(", ", pushbacks.keySet())));
		if (other > 0) {
			this.out.println("  failed     " + other);
		}
		reasons.forEach((reason, count) -> this.out.println("    " + count + " x " + reason));
		return other == 0;
	}

	private static String summary(List<Long> millis) {
		if (millis.isEmpty()) {
			return "";
		}
		List<Long> sorted = millis.stream().sorted().toList();
		return " in " + sorted.get(sorted.size() / 2) + " ms (median), " + sorted.get(sorted.size() - 1) + " ms (slowest)";
	}

	private record Ended(Status status, String pushback, long millis) {
	}

}
