package io.grpckit.client.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Credentials sent with every call of a channel in the 'authorization' header,
 * {@code grpckit.client.channel.<name>.auth.*}. At most one of bearer token, token
 * supplier and Basic user name may be set.
 */
public class ChannelAuthProperties {

	/**
	 * Bearer token sent with every call, typically '${SOME_ENV_VARIABLE}'.
	 */
	private @Nullable String bearerToken;

	/**
	 * Name of a BearerTokenSupplier bean asked for the token of every call.
	 */
	private @Nullable String tokenSupplier;

	private final Basic basic = new Basic();

	/**
	 * Whether credentials may be sent over a plaintext (non-TLS) connection. Calls that
	 * would send them in the clear fail with UNAUTHENTICATED otherwise.
	 */
	private @Nullable Boolean allowPlaintext;

	public @Nullable String getBearerToken() {
		return this.bearerToken;
	}

	public void setBearerToken(@Nullable String bearerToken) {
		this.bearerToken = bearerToken;
	}

	public @Nullable String getTokenSupplier() {
		return this.tokenSupplier;
	}

	public void setTokenSupplier(@Nullable String tokenSupplier) {
		this.tokenSupplier = tokenSupplier;
	}

	public Basic getBasic() {
		return this.basic;
	}

	public @Nullable Boolean getAllowPlaintext() {
		return this.allowPlaintext;
	}

	public void setAllowPlaintext(@Nullable Boolean allowPlaintext) {
		this.allowPlaintext = allowPlaintext;
	}

	/**
	 * HTTP Basic credentials.
	 */
	public static class Basic {

		/**
		 * User name sent with Basic authentication.
		 */
		private @Nullable String username;

		/**
		 * Password sent with Basic authentication.
		 */
		private @Nullable String password;

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

	}

}
