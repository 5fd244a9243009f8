package io.grpckit.internal.ssl;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jspecify.annotations.Nullable;

/**
 * Trust manager that delegates to a replaceable one, so that new TLS handshakes verify
 * peers against new trust material. The engine and socket variants are forwarded as such,
 * so the JDK's hostname verification keeps working.
 */
final class ReloadableX509TrustManager extends X509ExtendedTrustManager {

	private volatile X509ExtendedTrustManager delegate;

	ReloadableX509TrustManager(X509ExtendedTrustManager delegate) {
		this.delegate = delegate;
	}

	void setDelegate(X509ExtendedTrustManager delegate) {
		this.delegate = delegate;
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		this.delegate.checkClientTrusted(chain, authType);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
			throws CertificateException {
		this.delegate.checkClientTrusted(chain, authType, socket);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
			throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType, socket);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
			throws CertificateException {
		this.delegate.checkClientTrusted(chain, authType, engine);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
			throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType, engine);
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.delegate.getAcceptedIssuers();
	}

}
