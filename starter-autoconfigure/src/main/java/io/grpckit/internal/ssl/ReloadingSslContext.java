package io.grpckit.internal.ssl;

import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;

import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;

/**
 * SSL context that is rebuilt on every reload of its managers and creates each new engine
 * from the latest build. TLS sessions live in the context that made them (client session
 * cache, server session cache and ticket keys), so a session of a handshake that was still
 * running during a reload stays in the old context and no later connection can resume it
 * with the old certificates. Forgetting the sessions of one shared context at reload time
 * cannot promise that: such a handshake caches its session after the reload.
 */
final class ReloadingSslContext extends SslContext {

	private final SslContextBuilder builder;

	private volatile SslContext current;

	private ReloadingSslContext(SslContextBuilder builder) throws SSLException {
		this.builder = builder;
		this.current = builder.build();
	}

	/**
	 * Return a context built by the builder now and again after each reload of the
	 * managers.
	 * @param managers the managers the builder was given
	 * @param builder the builder
	 * @return the context
	 * @throws SSLException if the first build fails
	 */
	static ReloadingSslContext of(ReloadableSslManagers managers, SslContextBuilder builder) throws SSLException {
		ReloadingSslContext context = new ReloadingSslContext(builder);
		managers.addReloadListener(context::rebuild);
		return context;
	}

	private void rebuild() {
		try {
			// the managers already follow the new bundle: handshakes of the new build use it
			this.current = this.builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot rebuild the TLS context: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return the build that new engines come from.
	 * @return the latest build
	 */
	SslContext current() {
		return this.current;
	}

	@Override
	public boolean isClient() {
		return this.current.isClient();
	}

	@Override
	public List<String> cipherSuites() {
		return this.current.cipherSuites();
	}

	@Override
	public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
		return this.current.applicationProtocolNegotiator();
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc) {
		return this.current.newEngine(alloc);
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
		return this.current.newEngine(alloc, peerHost, peerPort);
	}

	@Override
	public SSLSessionContext sessionContext() {
		return this.current.sessionContext();
	}

}
