package io.grpckit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates generated at test run time: a CA, server certificates for localhost and
 * 127.0.0.1, client certificates. EC P-256 keys, which are quick to generate. No key
 * material is committed.
 */
public final class TestCertificates {

	private static final SecureRandom random = new SecureRandom();

	private TestCertificates() {
	}

	/** A certificate and its private key. */
	public record Issued(X509Certificate certificate, PrivateKey key) {

		public BigInteger serial() {
			return this.certificate.getSerialNumber();
		}

		/**
		 * Write the certificate and key as PEM files {@code <name>.crt} and {@code <name>.key}
		 * in the directory, each replaced atomically.
		 */
		public void writeTo(Path directory, String name) {
			try {
				writeAtomically(directory, name + ".crt", pem("CERTIFICATE", this.certificate.getEncoded()));
				writeAtomically(directory, name + ".key", pem("PRIVATE KEY", this.key.getEncoded()));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	public static Issued ca(String commonName) {
		KeyPair keys = keyPair();
		return sign(commonName, keys, commonName, keys.getPrivate(), (builder) -> {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		});
	}

	public static Issued server(Issued ca) {
		return leaf(ca, "localhost", KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName[] {
				new GeneralName(GeneralName.dNSName, "localhost"),
				new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()) }));
	}

	public static Issued client(Issued ca, String commonName) {
		return leaf(ca, commonName, KeyPurposeId.id_kp_clientAuth, null);
	}

	/** Write the CA certificate as {@code <name>.crt}. */
	public static void writeCertificate(Issued ca, Path directory, String name) {
		try {
			writeAtomically(directory, name + ".crt", pem("CERTIFICATE", ca.certificate().getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the properties of a PEM SSL bundle for files written by this class to a
	 * directory.
	 * @param certs the directory
	 * @param name the bundle name
	 * @param keystore the name of the key and certificate, {@code null} for a trust-only
	 * bundle
	 * @param truststore the name of the trusted certificate
	 * @return {@code spring.ssl.bundle.pem.<name>.*} properties
	 */
	public static String[] pemBundle(Path certs, String name, String keystore, String truststore) {
		String prefix = "spring.ssl.bundle.pem." + name + ".";
		return (keystore != null)
				? new String[] { prefix + "keystore.certificate=file:" + certs.resolve(keystore + ".crt"),
						prefix + "keystore.private-key=file:" + certs.resolve(keystore + ".key"),
						prefix + "truststore.certificate=file:" + certs.resolve(truststore + ".crt") }
				: new String[] { prefix + "truststore.certificate=file:" + certs.resolve(truststore + ".crt") };
	}

	private static Issued leaf(Issued ca, String commonName, KeyPurposeId purpose, GeneralNames alternativeNames) {
		return sign(commonName, keyPair(), subjectOf(ca), ca.key(), (builder) -> {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			if (alternativeNames != null) {
				builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
			}
		});
	}

	private static String subjectOf(Issued ca) {
		return new X500Name(ca.certificate().getSubjectX500Principal().getName()).getRDNs()[0].getFirst()
			.getValue()
			.toString();
	}

	private static Issued sign(String commonName, KeyPair keys, String issuerCommonName, PrivateKey issuerKey,
			Extensions extensions) {
		try {
			Instant now = Instant.now();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerCommonName),
					new BigInteger(63, random), Date.from(now.minus(Duration.ofMinutes(5))),
					Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + commonName), keys.getPublic());
			extensions.add(builder);
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
			return new Issued(certificate, keys.getPrivate());
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(der) + "\n-----END " + type + "-----\n";
	}

	private static void writeAtomically(Path directory, String fileName, String content) {
		try {
			Path temporary = Files.createTempFile(directory.getParent(), fileName, ".tmp");
			Files.writeString(temporary, content);
			Files.move(temporary, directory.resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface Extensions {

		void add(X509v3CertificateBuilder builder) throws IOException;

	}

}
