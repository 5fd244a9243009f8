package io.grpckit.internal.ssl;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.log.LogMessage;

/**
 * Key and trust managers of a Spring Boot SSL bundle that follow the bundle: when Boot
 * reloads the bundle (its files changed and {@code reload-on-update} is set), the managers
 * switch to the new material, so new connections present and check the new certificates
 * without a restart. Connections already open keep their session.
 */
public final class ReloadableSslManagers {

	private static final Log logger = LogFactory.getLog(ReloadableSslManagers.class);

	private final String bundleName;

	private final boolean hasKeyStore;

	private final ReloadableX509KeyManager keyManager;

	private final ReloadableX509TrustManager trustManager;

	private final List<Runnable> reloadListeners = new CopyOnWriteArrayList<>();

	private ReloadableSslManagers(String bundleName, SslBundle bundle) {
		this.bundleName = bundleName;
		this.hasKeyStore = bundle.getStores().getKeyStore() != null;
		this.keyManager = new ReloadableX509KeyManager(keyManagerOf(bundle));
		this.trustManager = new ReloadableX509TrustManager(trustManagerOf(bundle));
	}

	/**
	 * Return managers for the named bundle that follow its updates.
	 * @param bundles the application's SSL bundles
	 * @param property the property naming the bundle, for the failure message
	 * @param bundleName the bundle name
	 * @return the managers
	 * @throws MissingSslBundleException if there is no such bundle
	 */
	public static ReloadableSslManagers of(SslBundles bundles, String property, String bundleName) {
		ReloadableSslManagers managers = new ReloadableSslManagers(bundleName, bundle(bundles, property, bundleName));
		bundles.addBundleUpdateHandler(bundleName, managers::update);
		return managers;
	}

	/**
	 * Return the named bundle.
	 * @param bundles the application's SSL bundles
	 * @param property the property naming the bundle, for the failure message
	 * @param bundleName the bundle name
	 * @return the bundle
	 * @throws MissingSslBundleException if there is no such bundle
	 */
	public static SslBundle bundle(SslBundles bundles, String property, String bundleName) {
		try {
			return bundles.getBundle(bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			throw new MissingSslBundleException(property, bundleName, bundles.getBundleNames(), ex);
		}
	}

	/**
	 * Return whether the bundle has a key store, that is a certificate to present.
	 * @return whether there is key material
	 */
	public boolean hasKeyStore() {
		return this.hasKeyStore;
	}

	/**
	 * Return the key manager; it always reflects the latest bundle.
	 * @return the key manager
	 */
	public KeyManager getKeyManager() {
		return this.keyManager;
	}

	/**
	 * Return the trust manager; it always reflects the latest bundle. A bundle without a
	 * trust store trusts the JVM's default certificate authorities.
	 * @return the trust manager
	 */
	public TrustManager getTrustManager() {
		return this.trustManager;
	}

	/**
	 * Add a callback run after each reload, for example to forget TLS sessions that
	 * resumption would otherwise reuse with the old certificates.
	 * @param listener the callback
	 */
	public void addReloadListener(Runnable listener) {
		this.reloadListeners.add(listener);
	}

	private void update(SslBundle bundle) {
		try {
			this.keyManager.setDelegate(keyManagerOf(bundle));
			this.trustManager.setDelegate(trustManagerOf(bundle));
			this.reloadListeners.forEach(Runnable::run);
			logger.info(LogMessage.format("SSL bundle '%s' reloaded; new gRPC connections use it", this.bundleName));
		}
		catch (RuntimeException ex) {
			// keep serving with the previous material rather than failing every new handshake
			logger.warn(LogMessage.format("SSL bundle '%s' could not be reloaded, keeping the previous certificates",
					this.bundleName), ex);
		}
	}

	private static X509ExtendedKeyManager keyManagerOf(SslBundle bundle) {
		return Arrays.stream(bundle.getManagers().getKeyManagers())
			.filter(X509ExtendedKeyManager.class::isInstance)
			.map(X509ExtendedKeyManager.class::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("SSL bundle has no X.509 key manager"));
	}

	private static X509ExtendedTrustManager trustManagerOf(SslBundle bundle) {
		return Arrays.stream(bundle.getManagers().getTrustManagers())
			.filter(X509ExtendedTrustManager.class::isInstance)
			.map(X509ExtendedTrustManager.class::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("SSL bundle has no X.509 trust manager"));
	}

}
