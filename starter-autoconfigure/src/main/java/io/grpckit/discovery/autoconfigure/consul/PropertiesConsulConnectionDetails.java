package io.grpckit.discovery.autoconfigure.consul;

import java.net.URI;

import io.grpckit.discovery.consul.ConsulConnectionDetails;
import org.jspecify.annotations.Nullable;

/**
 * {@link ConsulConnectionDetails} from {@code grpckit.discovery.consul.*}.
 */
class PropertiesConsulConnectionDetails implements ConsulConnectionDetails {

	private final ConsulDiscoveryProperties properties;

	PropertiesConsulConnectionDetails(ConsulDiscoveryProperties properties) {
		this.properties = properties;
	}

	@Override
	public URI getUrl() {
		return this.properties.getUrl();
	}

	@Override
	public @Nullable String getToken() {
		return this.properties.getToken();
	}

}
