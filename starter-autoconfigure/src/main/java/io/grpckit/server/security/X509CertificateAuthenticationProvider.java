package io.grpckit.server.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Authenticates a verified TLS client certificate as its common name. With a
 * {@link UserDetailsService}, the common name is looked up there for the authorities (an
 * unknown name fails); without one, the certificate is authenticated without authorities.
 */
public class X509CertificateAuthenticationProvider implements AuthenticationProvider {

	private final @Nullable UserDetailsService userDetailsService;

	/**
	 * Create a provider.
	 * @param userDetailsService where to look the common name up, or {@code null}
	 */
	public X509CertificateAuthenticationProvider(@Nullable UserDetailsService userDetailsService) {
		this.userDetailsService = userDetailsService;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		X509CertificateAuthenticationToken token = (X509CertificateAuthenticationToken) authentication;
		if (this.userDetailsService == null) {
			return new X509CertificateAuthenticationToken(token.getCredentials(), token.getCommonName(), List.of());
		}
		UserDetails user = this.userDetailsService.loadUserByUsername(token.getCommonName());
		return new X509CertificateAuthenticationToken(token.getCredentials(), user, user.getAuthorities());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return X509CertificateAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
