package io.grpckit.client.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.NameResolverRegistry;
import io.grpc.TlsChannelCredentials;
import io.grpckit.client.GrpcChannelTargets;
import io.grpckit.client.StaticNameResolverProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * Targets and credentials (plaintext, TLS with the JVM's trust, or TLS from an SSL bundle)
 * of channels from {@code grpckit.client.channel.<name>.*}, with
 * values inherited from the 'default' channel. A target whose scheme has no registered
 * name resolver fails with a message naming the property.
 */
final class PropertiesGrpcChannelTargets
		implements GrpcChannelTargets, SmartInitializingSingleton, BeanClassLoaderAware {

	private static final Log logger = LogFactory.getLog(PropertiesGrpcChannelTargets.class);

	private static final String XDS_SCHEME = "xds:";

	private static final String XDS_CREDENTIALS_CLASS = "io.grpc.xds.XdsChannelCredentials";

	// service config keys built from the properties, and the properties that set them
	private static final List<Map.Entry<String, String>> REPLACED_BY_CONTROL_PLANE = List.of(
			Map.entry("loadBalancingConfig", "load-balancing-policy (and weighted-round-robin.*)"),
			Map.entry("methodConfig", "method[*] (retry, hedging, deadline, wait-for-ready)"),
			Map.entry("retryThrottling", "retry-throttling.*"), Map.entry("healthCheckConfig", "health.service-name"));

	// 'scheme:/...' is a URI target; 'host:port' (no slash after the colon) is not
	private static final Pattern URI_SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):/");

	private final GrpcClientProperties properties;

	private final SslBundleChannelCredentials sslCredentials;

	private final boolean circuitBreakersAvailable;

	// the application's class loader, which decides whether optional libraries are present
	private @Nullable ClassLoader classLoader = PropertiesGrpcChannelTargets.class.getClassLoader();

	PropertiesGrpcChannelTargets(GrpcClientProperties properties, SslBundleChannelCredentials sslCredentials,
			boolean circuitBreakersAvailable) {
		this.properties = properties;
		this.sslCredentials = sslCredentials;
		this.circuitBreakersAvailable = circuitBreakersAvailable;
	}

	@Override
	public String getTarget(String name) {
		String target = this.properties.resolve(name).getTarget();
		String property = propertyName(name, "target");
		if (target == null || target.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(property, target,
					"channel '" + name + "' has no target; set " + property + " or "
							+ propertyName(GrpcClientProperties.DEFAULT_CHANNEL, "target"));
		}
		checkTarget(property, target);
		return target;
	}

	@Override
	public ChannelCredentials getCredentials(String name) {
		ChannelProperties channel = this.properties.resolve(name);
		ChannelCredentials transport = transportCredentials(name, channel);
		if (channel.getCredentials() == ChannelProperties.Credentials.XDS) {
			checkXdsCredentials(name);
			return XdsCredentials.create(transport);
		}
		return transport;
	}

	private ChannelCredentials transportCredentials(String name, ChannelProperties channel) {
		String bundle = channel.getSsl().getBundle();
		if (bundle != null && !bundle.isBlank()) {
			return this.sslCredentials.create(propertyName(name, "ssl.bundle"), bundle);
		}
		Boolean tls = channel.getTls().getEnabled();
		return Boolean.TRUE.equals(tls) ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void afterSingletonsInstantiated() {
		// after every singleton, so that resolvers registered by other beans (discovery) count
		checkConfiguredChannels();
	}

	/**
	 * Check the values every configured channel sets itself: its target, its service
	 * config and whether its circuit breaker can be built, so that an invalid value fails
	 * startup even for a channel not used yet.
	 */
	void checkConfiguredChannels() {
		this.properties.getChannel().forEach((name, channel) -> {
			if (channel.getTarget() != null) {
				checkTarget(propertyName(name, "target"), channel.getTarget());
			}
			new ChannelServiceConfig(prefix(name)).build(channel);
			PropertiesChannelBuilderCustomizer.checkCircuitBreaker(prefix(name), channel,
					this.circuitBreakersAvailable);
			checkValidation(name, channel);
			if (channel.getCredentials() == ChannelProperties.Credentials.XDS) {
				checkXdsCredentials(name);
			}
			if (channel.getSsl().getBundle() != null) {
				this.sslCredentials.check(propertyName(name, "ssl.bundle"), channel.getSsl().getBundle());
			}
		});
		this.properties.getChannel().keySet().forEach(this::warnOfReplacedSettings);
	}

	/**
	 * Warn, once per channel at start-up, when an {@code xds:} channel also sets what the
	 * control plane's configuration replaces: the xDS resolver hands the channel a service
	 * config of its own, so everything the properties put into the default service config
	 * (load balancing, per-method retry, hedging, timeouts and wait-for-ready, retry
	 * throttling, client health checking) never applies.
	 */
	private void warnOfReplacedSettings(String name) {
		if (GrpcClientProperties.DEFAULT_CHANNEL.equals(name)) {
			return;
		}
		ChannelProperties channel = this.properties.resolve(name);
		String target = channel.getTarget();
		if (target == null || !target.regionMatches(true, 0, XDS_SCHEME, 0, XDS_SCHEME.length())) {
			return;
		}
		Map<String, Object> serviceConfig = new ChannelServiceConfig(prefix(name)).build(channel);
		List<String> replaced = new ArrayList<>();
		for (Map.Entry<String, String> entry : REPLACED_BY_CONTROL_PLANE) {
			if (serviceConfig.containsKey(entry.getKey())) {
				replaced.add(prefix(name) + "." + entry.getValue());
			}
		}
		if (!replaced.isEmpty()) {
			logger.warn("gRPC channel '" + name + "' targets " + target + ": the xDS control plane's configuration "
					+ "replaces " + String.join(", ", replaced) + "; these settings have no effect on it");
		}
	}

	private void checkXdsCredentials(String name) {
		if (!ClassUtils.isPresent(XDS_CREDENTIALS_CLASS, this.classLoader)) {
			throw new InvalidConfigurationPropertyValueException(propertyName(name, "credentials"), "xds",
					"xDS credentials need io.grpc:grpc-xds on the classpath");
		}
	}

	private void checkValidation(String name, ChannelProperties channel) {
		if (Boolean.TRUE.equals(channel.getValidation().getEnabled())
				&& !ClassUtils.isPresent(GrpcClientValidationConfiguration.VALIDATOR_CLASS, this.classLoader)) {
			throw new InvalidConfigurationPropertyValueException(propertyName(name, "validation.enabled"), true,
					"request validation needs build.buf:protovalidate on the classpath");
		}
	}

	/**
	 * grpc-xds's credentials, in a class of their own so that nothing loads it without
	 * grpc-xds on the classpath.
	 */
	private static final class XdsCredentials {

		static ChannelCredentials create(ChannelCredentials fallback) {
			return io.grpc.xds.XdsChannelCredentials.create(fallback);
		}

	}

	static String prefix(String name) {
		return "grpckit.client.channel." + name;
	}

	private static String propertyName(String name, String property) {
		return prefix(name) + "." + property;
	}

	private static void checkTarget(String property, String target) {
		if (target.startsWith(IN_PROCESS_PREFIX)) {
			if (target.length() == IN_PROCESS_PREFIX.length()) {
				throw new InvalidConfigurationPropertyValueException(property, target,
						"in-process target has no server name (expected: in-process:<name>)");
			}
			return;
		}
		Matcher matcher = URI_SCHEME.matcher(target);
		if (!matcher.find()) {
			return;
		}
		String scheme = matcher.group(1);
		if (NameResolverRegistry.getDefaultRegistry().getProviderForScheme(scheme.toLowerCase()) == null) {
			throw new InvalidConfigurationPropertyValueException(property, target,
					"no name resolver is registered for scheme '" + scheme + "'");
		}
		if (StaticNameResolverProvider.SCHEME.equals(scheme)) {
			try {
				StaticNameResolverProvider.parse(target.substring(matcher.end()).replaceFirst("^/+", ""));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(property, target, ex.getMessage());
			}
		}
	}

}
