package io.grpckit.server.autoconfigure.health;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.grpckit.server.GrpcServiceDiscoverer;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Fails start-up when {@code grpckit.server.health.actuator.services} names a service the
 * server does not serve: such an entry would never apply, and the service it was meant for
 * would silently follow the overall health. Checked once every singleton exists, so that
 * every service bean (the health and reflection services included) is known, and before the
 * server starts.
 */
final class HealthServiceNamesCheck implements SmartInitializingSingleton {

	private static final String PROPERTY = "grpckit.server.health.actuator.services";

	private final Map<String, String> servicePaths;

	private final GrpcServiceDiscoverer discoverer;

	HealthServiceNamesCheck(Map<String, String> servicePaths, GrpcServiceDiscoverer discoverer) {
		this.servicePaths = servicePaths;
		this.discoverer = discoverer;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.servicePaths.isEmpty()) {
			return;
		}
		Set<String> known = new TreeSet<>(this.discoverer.serviceBeanNames().keySet());
		for (Map.Entry<String, String> entry : this.servicePaths.entrySet()) {
			if (!known.contains(entry.getKey())) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY + "[" + entry.getKey() + "]",
						entry.getValue(), "no gRPC service '" + entry.getKey() + "' is served; use the full name of one of "
								+ known);
			}
		}
	}

}
