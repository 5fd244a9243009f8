package io.grpckit.demo.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS files made at test run time, as the README's openssl commands make them: a CA
 * ({@code ca.crt}) and a server certificate for {@code localhost} signed by it
 * ({@code server.crt}, {@code server.key}), EC P-256, PEM. No key material is committed.
 */
final class TestTls {

	private static final SecureRandom random = new SecureRandom();

	private TestTls() {
	}

	/**
	 * Write {@code ca.crt}, {@code server.crt} and {@code server.key} into a directory.
	 * @param directory where to write them
	 * @return the directory
	 */
	static Path write(Path directory) {
		try {
			KeyPair caKeys = keyPair();
			X509Certificate ca = sign("files-test-ca", caKeys, "files-test-ca", caKeys.getPrivate(), (builder) -> {
				builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
				builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
			});
			KeyPair serverKeys = keyPair();
			// a DNS name only, so a client dialling 127.0.0.1 needs --authority=localhost
			X509Certificate server = sign("localhost", serverKeys, "files-test-ca", caKeys.getPrivate(), (builder) -> {
				builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
				builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
				builder.addExtension(Extension.extendedKeyUsage, false,
						new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
			});
			Files.writeString(directory.resolve("ca.crt"), pem("CERTIFICATE", ca.getEncoded()));
			Files.writeString(directory.resolve("server.crt"), pem("CERTIFICATE", server.getEncoded()));
			Files.writeString(directory.resolve("server.key"), pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private interface Extensions {

		void add(X509v3CertificateBuilder builder) throws IOException;

	}

	private static X509Certificate sign(String subject, KeyPair keys, String issuer, PrivateKey issuerKey,
			Extensions extensions) {
		try {
			Instant now = Instant.now();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
					new BigInteger(63, random), Date.from(now.minus(Duration.ofMinutes(5))),
					Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + subject), keys.getPublic());
			extensions.add(builder);
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"), random);
		return generator.generateKeyPair();
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
