package io.grpckit.server.security;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * The TLS client certificate of a call, verified by the TLS handshake. Its name is the
 * certificate subject's common name.
 */
public class X509CertificateAuthenticationToken extends AbstractAuthenticationToken {

	private final X509Certificate certificate;

	private final String commonName;

	private final Object principal;

	/**
	 * Create an authentication request for a client certificate.
	 * @param certificate the verified client certificate
	 */
	public X509CertificateAuthenticationToken(X509Certificate certificate) {
		super(List.of());
		this.certificate = certificate;
		this.commonName = commonNameOf(certificate);
		this.principal = this.commonName;
	}

	/**
	 * Create an authenticated token.
	 * @param certificate the verified client certificate
	 * @param principal the principal it maps to
	 * @param authorities the authorities granted
	 */
	public X509CertificateAuthenticationToken(X509Certificate certificate, Object principal,
			Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.certificate = certificate;
		this.commonName = commonNameOf(certificate);
		this.principal = principal;
		setAuthenticated(true);
	}

	/**
	 * Return the common name (CN) of the certificate subject.
	 * @return the common name, the whole subject name when it has none
	 */
	public String getCommonName() {
		return this.commonName;
	}

	@Override
	public X509Certificate getCredentials() {
		return this.certificate;
	}

	@Override
	public Object getPrincipal() {
		return this.principal;
	}

	private static String commonNameOf(X509Certificate certificate) {
		String subject = certificate.getSubjectX500Principal().getName();
		try {
			for (Rdn rdn : new LdapName(subject).getRdns()) {
				if ("CN".equalsIgnoreCase(rdn.getType())) {
					return rdn.getValue().toString();
				}
			}
		}
		catch (InvalidNameException ex) {
			// fall back to the whole subject name
		}
		return subject;
	}

}
