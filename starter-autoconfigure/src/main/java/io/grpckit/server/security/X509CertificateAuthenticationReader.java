package io.grpckit.server.security;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

/**
 * Reads the client certificate of a mutual TLS connection, already verified against the
 * server's trust store by the handshake.
 */
public class X509CertificateAuthenticationReader implements GrpcAuthenticationReader {

	@Override
	public @Nullable Authentication read(ServerCall<?, ?> call, Metadata headers) {
		SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
		if (session == null) {
			return null;
		}
		try {
			Certificate[] chain = session.getPeerCertificates();
			return (chain.length > 0 && chain[0] instanceof X509Certificate certificate)
					? new X509CertificateAuthenticationToken(certificate) : null;
		}
		catch (SSLPeerUnverifiedException ex) {
			// no client certificate: client-auth none or optional
			return null;
		}
	}

}
