package io.grpckit.internal.ssl;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.PeerCertificates;
import io.grpckit.testsupport.TestCertificates;
import io.grpckit.testsupport.TestCertificates.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS session resumption across a reload: a handshake that is still running when its side
 * reloads completes with the old certificate, and a later connection must not resume its
 * session (a resumed session skips the certificate exchange and would present the old
 * certificate again).
 */
class NettyTlsCredentialsTests {

	@TempDir
	Path directory;

	private Path certs;

	private Issued ca;

	private final DefaultSslBundleRegistry serverBundles = new DefaultSslBundleRegistry();

	private final DefaultSslBundleRegistry clientBundles = new DefaultSslBundleRegistry();

	private final PeerCertificates seenByServer = new PeerCertificates();

	private final PeerCertificates seenByClient = new PeerCertificates();

	private Server server;

	private ManagedChannel managed;

	private Channel channel;

	@BeforeEach
	void createCertificateAuthority() throws Exception {
		this.certs = Files.createDirectory(this.directory.resolve("certs"));
		this.ca = TestCertificates.ca("grpckit session CA");
		TestCertificates.writeCertificate(this.ca, this.certs, "ca");
	}

	@AfterEach
	void shutDown() throws InterruptedException {
		if (this.managed != null) {
			this.managed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (this.server != null) {
			this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void aServerHandshakeRunningDuringTheReloadLeavesNoSessionForNewConnections() throws Exception {
		Issued oldServer = TestCertificates.server(this.ca);
		Issued oldClient = TestCertificates.client(this.ca, "alice");
		HeldKeyManager held = new HeldKeyManager();
		start(bundle(oldServer, "server-1", held), bundle(oldClient, "client-1", null));
		Issued newServer = TestCertificates.server(this.ca);

		CompletableFuture<Void> straddling = callDuring(held,
				() -> this.serverBundles.updateBundle("server", bundle(newServer, "server-2", null)));
		straddling.get(20, TimeUnit.SECONDS);
		assertThat(this.seenByClient.serial()).isEqualTo(oldServer.serial());

		this.managed.enterIdle();
		call();
		assertThat(this.seenByClient.serial()).as("server certificate on a new connection")
			.isEqualTo(newServer.serial());
	}

	@Test
	void aClientHandshakeRunningDuringTheReloadLeavesNoSessionForNewConnections() throws Exception {
		Issued oldServer = TestCertificates.server(this.ca);
		Issued oldClient = TestCertificates.client(this.ca, "alice");
		HeldKeyManager held = new HeldKeyManager();
		start(bundle(oldServer, "server-1", null), bundle(oldClient, "client-1", held));
		Issued newClient = TestCertificates.client(this.ca, "alice");

		CompletableFuture<Void> straddling = callDuring(held,
				() -> this.clientBundles.updateBundle("client", bundle(newClient, "client-2", null)));
		straddling.get(20, TimeUnit.SECONDS);
		assertThat(this.seenByServer.serial()).isEqualTo(oldClient.serial());

		this.managed.enterIdle();
		call();
		assertThat(this.seenByServer.serial()).as("client certificate on a new connection")
			.isEqualTo(newClient.serial());
	}

	private void start(SslBundle serverBundle, SslBundle clientBundle) throws Exception {
		this.serverBundles.registerBundle("server", serverBundle);
		this.clientBundles.registerBundle("client", clientBundle);
		this.server = Grpc
			.newServerBuilderForPort(0,
					NettyTlsCredentials.server(ReloadableSslManagers.of(this.serverBundles, "test.server.bundle", "server"),
							ClientAuth.REQUIRE))
			.addService(ServerInterceptors.intercept(new EchoService(), this.seenByServer.serverInterceptor()))
			.build()
			.start();
		this.managed = Grpc
			.newChannelBuilder("localhost:" + this.server.getPort(),
					NettyTlsCredentials.client(ReloadableSslManagers.of(this.clientBundles, "test.client.bundle", "client")))
			.build();
		this.channel = ClientInterceptors.intercept(this.managed, this.seenByClient.clientInterceptor());
	}

	/**
	 * Start a call on a new connection whose handshake holds in the key manager (after the
	 * old certificate was chosen) until the reload has run.
	 */
	private CompletableFuture<Void> callDuring(HeldKeyManager held, Runnable reload) throws InterruptedException {
		held.hold();
		CompletableFuture<Void> call = CompletableFuture.runAsync(this::call);
		assertThat(held.reached.await(10, TimeUnit.SECONDS)).as("handshake reached the key manager").isTrue();
		reload.run();
		held.release.countDown();
		return call;
	}

	private void call() {
		EchoGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(Duration.ofSeconds(15))
			.unary(EchoRequest.newBuilder().setText("hello").build());
	}

	private SslBundle bundle(Issued issued, String name, HeldKeyManager held) {
		issued.writeTo(this.certs, name);
		PemSslStoreBundle stores = new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate("file:" + this.certs.resolve(name + ".crt"))
					.withPrivateKey("file:" + this.certs.resolve(name + ".key")),
				PemSslStoreDetails.forCertificate("file:" + this.certs.resolve("ca.crt")));
		SslManagerBundle managers = SslManagerBundle.from(stores, null);
		return SslBundle.of(stores, null, null, null, (held != null) ? held.around(managers) : managers);
	}

	/**
	 * Key managers of a bundle whose private key look-up, once held, waits for a release:
	 * the handshake has then chosen its certificate but not finished.
	 */
	static class HeldKeyManager {

		private volatile boolean holding;

		final CountDownLatch reached = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		void hold() {
			this.holding = true;
		}

		private void await() {
			if (!this.holding) {
				return;
			}
			this.holding = false;
			this.reached.countDown();
			try {
				this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		SslManagerBundle around(SslManagerBundle managers) {
			return new SslManagerBundle() {

				@Override
				public KeyManager[] getKeyManagers() {
					return Arrays.stream(managers.getKeyManagers())
						.map((manager) -> (manager instanceof X509ExtendedKeyManager x509) ? wrap(x509) : manager)
						.toArray(KeyManager[]::new);
				}

				@Override
				public KeyManagerFactory getKeyManagerFactory() {
					return managers.getKeyManagerFactory();
				}

				@Override
				public TrustManagerFactory getTrustManagerFactory() {
					return managers.getTrustManagerFactory();
				}

			};
		}

		private X509ExtendedKeyManager wrap(X509ExtendedKeyManager delegate) {
			return new X509ExtendedKeyManager() {

				@Override
				public String[] getClientAliases(String keyType, Principal[] issuers) {
					return delegate.getClientAliases(keyType, issuers);
				}

				@Override
				public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
					return delegate.chooseClientAlias(keyType, issuers, socket);
				}

				@Override
				public String[] getServerAliases(String keyType, Principal[] issuers) {
					return delegate.getServerAliases(keyType, issuers);
				}

				@Override
				public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
					return delegate.chooseServerAlias(keyType, issuers, socket);
				}

				@Override
				public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
					return delegate.chooseEngineClientAlias(keyType, issuers, engine);
				}

				@Override
				public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
					return delegate.chooseEngineServerAlias(keyType, issuers, engine);
				}

				@Override
				public X509Certificate[] getCertificateChain(String alias) {
					return delegate.getCertificateChain(alias);
				}

				@Override
				public PrivateKey getPrivateKey(String alias) {
					await();
					return delegate.getPrivateKey(alias);
				}

			};
		}

	}

}
