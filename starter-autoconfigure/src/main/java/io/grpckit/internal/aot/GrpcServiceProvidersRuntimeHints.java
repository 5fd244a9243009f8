package io.grpckit.internal.aot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints for the providers grpc-java finds with {@link java.util.ServiceLoader}:
 * name resolvers ({@code dns:}, {@code unix:}, xDS), load balancers ({@code pick_first},
 * {@code round_robin}, the xDS ones), channel and server transports. For each service
 * interface the {@code META-INF/services} files are kept as resources, and every provider
 * they list that is on the class path at build time gets its public constructor registered,
 * so that a native image finds the same providers as the JVM. Listed in
 * {@code META-INF/spring/aot.factories}.
 */
public final class GrpcServiceProvidersRuntimeHints implements RuntimeHintsRegistrar {

	/** The grpc-java interfaces loaded through {@code ServiceLoader} by its registries. */
	static final List<String> SERVICES = List.of("io.grpc.NameResolverProvider", "io.grpc.LoadBalancerProvider",
			"io.grpc.ManagedChannelProvider", "io.grpc.ServerProvider", "io.grpc.xds.XdsCredentialsProvider",
			"io.grpc.BinaryLogProvider");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader();
		for (String service : SERVICES) {
			String resource = "META-INF/services/" + service;
			hints.resources().registerPattern(resource);
			if (loader != null) {
				for (String provider : providers(loader, resource)) {
					if (ClassUtils.isPresent(provider, loader)) {
						hints.reflection()
							.registerType(TypeReference.of(provider), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
					}
				}
			}
		}
	}

	private static List<String> providers(ClassLoader loader, String resource) {
		try {
			List<String> providers = new ArrayList<>();
			Enumeration<URL> files = loader.getResources(resource);
			while (files.hasMoreElements()) {
				try (BufferedReader reader = new BufferedReader(
						new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
					reader.lines()
						.map((line) -> line.replaceFirst("#.*", "").trim())
						.filter((line) -> !line.isEmpty())
						.forEach(providers::add);
				}
			}
			return providers;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + resource, ex);
		}
	}

}
