package io.grpckit.server.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.ServerCredentials;
import io.grpc.internal.ObjectPool;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Caps the connections a network server holds open. A connection over the cap is closed as
 * soon as it is accepted, before the server reads or writes a byte of it, so descriptors
 * stay in reserve for the server's own files and outgoing connections. Refusals are counted
 * and logged at most once per interval, without a stack trace: under a flood a line per
 * connection would be a second attack, on the logs.
 * <p>
 * Works by wrapping grpc-netty's protocol negotiator (TLS or plaintext), the first handler
 * of every accepted connection; grpc-java has no public hook at accept.
 */
public final class ConnectionLimit {

	private static final Log logger = LogFactory.getLog(ConnectionLimit.class);

	private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private final int maxConnections;

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicLong refused = new AtomicLong();

	private final AtomicLong refusedSinceLog = new AtomicLong();

	private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());

	/**
	 * Create a limit.
	 * @param maxConnections the most connections open at once, at least 1
	 */
	public ConnectionLimit(int maxConnections) {
		if (maxConnections < 1) {
			throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
		}
		this.maxConnections = maxConnections;
	}

	/**
	 * Return the default limit: the process's file-descriptor limit less a quarter of it
	 * (at least 128) kept for everything else the process opens; no limit where the JVM
	 * cannot tell the descriptor limit.
	 * @return the default limit
	 */
	public static int defaultMaxConnections() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
			long limit = unix.getMaxFileDescriptorCount();
			if (limit > 0) {
				long reserve = Math.max(128, limit / 4);
				return (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit - reserve));
			}
		}
		return Integer.MAX_VALUE;
	}

	/**
	 * Return credentials that negotiate like the given ones on the connections within the
	 * limit and close the others.
	 * @param credentials the server's credentials (plaintext or TLS)
	 * @return the limited credentials
	 */
	public ServerCredentials apply(ServerCredentials credentials) {
		InternalProtocolNegotiator.ServerFactory factory = InternalNettyServerCredentials.toNegotiator(credentials);
		return InternalNettyServerCredentials.create(new InternalProtocolNegotiator.ServerFactory() {

			@Override
			public InternalProtocolNegotiator.ProtocolNegotiator newNegotiator(
					ObjectPool<? extends Executor> offloadExecutorPool) {
				return new LimitedNegotiator(factory.newNegotiator(offloadExecutorPool));
			}

		});
	}

	/**
	 * Return the connections open now.
	 * @return the open connections
	 */
	public int openConnections() {
		return this.open.get();
	}

	/**
	 * Return the connections closed at accept since the server started.
	 * @return the refused connections
	 */
	public long refusedConnections() {
		return this.refused.get();
	}

	/**
	 * Return the limit.
	 * @return the most connections open at once
	 */
	public int maxConnections() {
		return this.maxConnections;
	}

	private boolean tryOpen() {
		while (true) {
			int current = this.open.get();
			if (current >= this.maxConnections) {
				return false;
			}
			if (this.open.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	private void refuse() {
		this.refused.incrementAndGet();
		this.refusedSinceLog.incrementAndGet();
		long now = System.nanoTime();
		long next = this.nextLogNanos.get();
		if (now - next >= 0 && this.nextLogNanos.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
			logger.warn("Closed " + this.refusedSinceLog.getAndSet(0) + " new connection(s) since the last report: "
					+ this.maxConnections + " connections are open, the limit set by "
					+ "grpckit.server.connection.max-connections (reported at most once a minute)");
		}
	}

	private final class LimitedNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {

		private final InternalProtocolNegotiator.ProtocolNegotiator delegate;

		LimitedNegotiator(InternalProtocolNegotiator.ProtocolNegotiator delegate) {
			this.delegate = delegate;
		}

		@Override
		public AsciiString scheme() {
			return this.delegate.scheme();
		}

		@Override
		public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
			return new Admission(this.delegate.newHandler(grpcHandler));
		}

		@Override
		public void close() {
			this.delegate.close();
		}

	}

	/** The first handler of an accepted connection: admits it or closes it. */
	private final class Admission extends ChannelInboundHandlerAdapter {

		private final ChannelHandler negotiation;

		Admission(ChannelHandler negotiation) {
			this.negotiation = negotiation;
		}

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			if (!tryOpen()) {
				refuse();
				ctx.channel().close();
				return;
			}
			ctx.channel().closeFuture().addListener((future) -> ConnectionLimit.this.open.decrementAndGet());
			ctx.pipeline().replace(this, null, this.negotiation);
		}

	}

}
