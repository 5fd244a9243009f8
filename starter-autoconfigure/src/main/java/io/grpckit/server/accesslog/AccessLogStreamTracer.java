package io.grpckit.server.accesslog;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * The record of one call. Transport callbacks (inbound) and application callbacks
 * (outbound) come from different threads, hence the atomics; the line is written once,
 * when the stream closes, after every byte of the call was counted.
 */
final class AccessLogStreamTracer extends ServerStreamTracer {

	static final Context.Key<AccessLogStreamTracer> CONTEXT_KEY = Context.key("grpckit-access-log");

	private final long startNanos = System.nanoTime();

	private final String method;

	private final Log log;

	private final AtomicLong messagesIn = new AtomicLong();

	private final AtomicLong messagesOut = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong(-1);

	private final AtomicLong bytesOut = new AtomicLong(-1);

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile @Nullable String requestId;

	private volatile @Nullable SocketAddress peer;

	AccessLogStreamTracer(String method, @Nullable String requestId, Log log) {
		this.method = method;
		this.requestId = requestId;
		this.log = log;
	}

	void requestId(@Nullable String requestId) {
		if (requestId != null) {
			this.requestId = requestId;
		}
	}

	@Override
	public Context filterContext(Context context) {
		// how the interceptor finds the record of its call
		return context.withValue(CONTEXT_KEY, this);
	}

	@Override
	public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {
		this.peer = callInfo.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
	}

	@Override
	public void inboundMessage(int seqNo) {
		this.messagesIn.incrementAndGet();
	}

	@Override
	public void outboundMessage(int seqNo) {
		this.messagesOut.incrementAndGet();
	}

	@Override
	public void inboundWireSize(long bytes) {
		add(this.bytesIn, bytes);
	}

	@Override
	public void outboundWireSize(long bytes) {
		add(this.bytesOut, bytes);
	}

	@Override
	public void streamClosed(Status status) {
		if (this.closed.compareAndSet(false, true) && this.log.isInfoEnabled()) {
			this.log.info(line(status));
		}
	}

	String line(Status status) {
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
		return "method=" + this.method + " status=" + status.getCode() + " duration=" + millis + "ms peer="
				+ peer(this.peer) + " requestId=" + ((this.requestId != null) ? this.requestId : "-") + " messagesIn="
				+ this.messagesIn.get() + " messagesOut=" + this.messagesOut.get() + " bytesIn=" + bytes(this.bytesIn)
				+ " bytesOut=" + bytes(this.bytesOut);
	}

	private static void add(AtomicLong counter, long bytes) {
		// -1 until the transport reports a size; it reports -1 when it cannot tell
		if (bytes >= 0) {
			counter.accumulateAndGet(bytes, (current, more) -> Math.max(current, 0) + more);
		}
	}

	private static String bytes(AtomicLong counter) {
		long value = counter.get();
		return (value >= 0) ? Long.toString(value) : "-";
	}

	private static String peer(@Nullable SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			String host = inet.getHostString();
			return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		return (address != null) ? address.toString() : "-";
	}

}
