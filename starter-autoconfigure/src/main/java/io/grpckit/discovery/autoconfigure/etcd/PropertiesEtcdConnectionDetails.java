package io.grpckit.discovery.autoconfigure.etcd;

import java.util.List;

import io.grpckit.discovery.etcd.EtcdConnectionDetails;
import org.jspecify.annotations.Nullable;

/**
 * {@link EtcdConnectionDetails} from {@code grpckit.discovery.etcd.*}.
 */
class PropertiesEtcdConnectionDetails implements EtcdConnectionDetails {

	private final EtcdDiscoveryProperties properties;

	PropertiesEtcdConnectionDetails(EtcdDiscoveryProperties properties) {
		this.properties = properties;
	}

	@Override
	public List<String> getEndpoints() {
		return List.copyOf(this.properties.getEndpoints());
	}

	@Override
	public @Nullable String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return this.properties.getPassword();
	}

	@Override
	public @Nullable String getTrustedCertificates() {
		return this.properties.getTrustedCertificates();
	}

}
