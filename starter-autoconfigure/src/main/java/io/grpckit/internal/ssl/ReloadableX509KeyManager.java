package io.grpckit.internal.ssl;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.jspecify.annotations.Nullable;

/**
 * Key manager that delegates to a replaceable one, so that new TLS handshakes use new key
 * material without rebuilding the SSL context.
 * <p>
 * Aliases carry the generation of the delegate they came from ({@code <generation>:<alias>}),
 * so that a handshake that chose its alias just before a swap still reads chain and key from
 * the same delegate, and anything keyed by alias sees a new alias after a reload.
 */
final class ReloadableX509KeyManager extends X509ExtendedKeyManager {

	private volatile Generation current;

	private volatile Generation previous;

	ReloadableX509KeyManager(X509ExtendedKeyManager delegate) {
		this.current = new Generation(0, delegate);
		this.previous = this.current;
	}

	synchronized void setDelegate(X509ExtendedKeyManager delegate) {
		this.previous = this.current;
		this.current = new Generation(this.current.number() + 1, delegate);
	}

	@Override
	public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
		Generation generation = this.current;
		return generation.encode(generation.manager().getClientAliases(keyType, issuers));
	}

	@Override
	public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers,
			@Nullable Socket socket) {
		Generation generation = this.current;
		return generation.encode(generation.manager().chooseClientAlias(keyType, issuers, socket));
	}

	@Override
	public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
		Generation generation = this.current;
		return generation.encode(generation.manager().getServerAliases(keyType, issuers));
	}

	@Override
	public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers,
			@Nullable Socket socket) {
		Generation generation = this.current;
		return generation.encode(generation.manager().chooseServerAlias(keyType, issuers, socket));
	}

	@Override
	public @Nullable String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers,
			@Nullable SSLEngine engine) {
		Generation generation = this.current;
		return generation.encode(generation.manager().chooseEngineClientAlias(keyType, issuers, engine));
	}

	@Override
	public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers,
			@Nullable SSLEngine engine) {
		Generation generation = this.current;
		return generation.encode(generation.manager().chooseEngineServerAlias(keyType, issuers, engine));
	}

	@Override
	public X509Certificate @Nullable [] getCertificateChain(@Nullable String alias) {
		Generation generation = generationOf(alias);
		return (generation != null) ? generation.manager().getCertificateChain(generation.decode(alias)) : null;
	}

	@Override
	public @Nullable PrivateKey getPrivateKey(@Nullable String alias) {
		Generation generation = generationOf(alias);
		return (generation != null) ? generation.manager().getPrivateKey(generation.decode(alias)) : null;
	}

	private @Nullable Generation generationOf(@Nullable String alias) {
		if (alias == null) {
			return null;
		}
		Generation current = this.current;
		if (alias.startsWith(current.prefix())) {
			return current;
		}
		Generation previous = this.previous;
		return alias.startsWith(previous.prefix()) ? previous : null;
	}

	private record Generation(int number, X509ExtendedKeyManager manager) {

		String prefix() {
			return this.number + ":";
		}

		@Nullable String encode(@Nullable String alias) {
			return (alias != null) ? prefix() + alias : null;
		}

		@Nullable String @Nullable [] encode(@Nullable String @Nullable [] aliases) {
			return (aliases != null) ? Arrays.stream(aliases).map(this::encode).toArray(String[]::new) : null;
		}

		String decode(String alias) {
			return alias.substring(prefix().length());
		}

	}

}
