package io.grpckit.test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Bootstraps {@link GrpcTest @GrpcTest}: its properties, after one that points channels
 * without a target at the in-process server (a test's own value for it wins).
 */
class GrpcTestContextBootstrapper extends TestSliceTestContextBootstrapper<GrpcTest> {

	static final String DEFAULT_TARGET = "grpckit.client.channel.default.target=in-process:${grpckit.server.inprocess.name}";

	@Override
	protected String[] getProperties(Class<?> testClass) {
		String[] own = super.getProperties(testClass);
		List<String> properties = new ArrayList<>();
		properties.add(DEFAULT_TARGET);
		if (own != null) {
			// later entries win over earlier ones
			properties.addAll(Arrays.asList(own));
		}
		return properties.toArray(String[]::new);
	}

}
