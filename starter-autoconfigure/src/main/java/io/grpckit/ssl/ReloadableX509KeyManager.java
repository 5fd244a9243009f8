package io.grpckit.ssl;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Key manager that delegates to a replaceable one, so that new TLS handshakes use new key
 * material without rebuilding the SSL context. Handshakes in progress finish with what they
 * started with, except in the rare case that a swap lands between choosing the alias and
 * reading the chain; both come from the same bundle alias, so the handshake then simply
 * uses the new certificate.
 */
final class ReloadableX509KeyManager extends X509ExtendedKeyManager {

	private volatile X509ExtendedKeyManager delegate;

	ReloadableX509KeyManager(X509ExtendedKeyManager delegate) {
		this.delegate = delegate;
	}

	void setDelegate(X509ExtendedKeyManager delegate) {
		this.delegate = delegate;
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return this.delegate.getClientAliases(keyType, issuers);
	}

	@Override
	public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
		return this.delegate.chooseClientAlias(keyType, issuers, socket);
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return this.delegate.getServerAliases(keyType, issuers);
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return this.delegate.chooseServerAlias(keyType, issuers, socket);
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return this.delegate.getCertificateChain(alias);
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return this.delegate.getPrivateKey(alias);
	}

	@Override
	public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
		return this.delegate.chooseEngineClientAlias(keyType, issuers, engine);
	}

	@Override
	public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
		return this.delegate.chooseEngineServerAlias(keyType, issuers, engine);
	}

}
