package io.grpckit.discovery.autoconfigure.xds;

import java.util.Map;

import io.grpc.NameResolverRegistry;
import io.grpc.xds.XdsNameResolverProvider;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.discovery.xds.XdsBootstrapNameResolverProvider;
import io.grpckit.testsupport.FakeXdsControlPlane;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XdsAutoConfiguration}: the {@code xds:} resolver with the kit's bootstrap only when
 * {@code grpckit.xds.bootstrap} is set, registered while the context runs, and nothing
 * without grpc-xds.
 */
class XdsAutoConfigurationTests {

	private static final String BOOTSTRAP = FakeXdsControlPlane.bootstrap("127.0.0.1:1");

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(XdsAutoConfiguration.class, GrpcClientAutoConfiguration.class));

	@Test
	void withoutABootstrapGrpcXdsOwnResolverServes() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(XdsProperties.class)
				.doesNotHaveBean(XdsBootstrapNameResolverProvider.class);
			assertThat(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("xds"))
				.isInstanceOf(XdsNameResolverProvider.class);
		});
	}

	@Test
	void aBootstrapRegistersTheKitsResolverWhileTheContextRuns() {
		this.runner.withPropertyValues("grpckit.xds.bootstrap=" + BOOTSTRAP).run((context) -> {
			XdsBootstrapNameResolverProvider provider = context.getBean(XdsBootstrapNameResolverProvider.class);
			assertThat(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("xds")).isSameAs(provider);
			// targets without a scheme still go to DNS
			assertThat(NameResolverRegistry.getDefaultRegistry().getDefaultScheme()).isEqualTo("dns");
		});
		assertThat(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("xds"))
			.isInstanceOf(XdsNameResolverProvider.class);
	}

	@Test
	void backsOffForAUserResolver() {
		XdsBootstrapNameResolverProvider own = new XdsBootstrapNameResolverProvider(Map.of());
		this.runner.withPropertyValues("grpckit.xds.bootstrap=" + BOOTSTRAP)
			.withBean(XdsBootstrapNameResolverProvider.class, () -> own)
			.run((context) -> assertThat(context.getBean(XdsBootstrapNameResolverProvider.class)).isSameAs(own));
	}

	@Test
	void anInvalidBootstrapFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("grpckit.xds.bootstrap={\"node\": {}}").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("grpckit.xds.bootstrap")
				.hasMessageContaining("xds_servers");
		});
	}

	@Test
	void nothingWithoutGrpcXds() {
		this.runner.withClassLoader(new FilteredClassLoader(XdsNameResolverProvider.class))
			.withPropertyValues("grpckit.xds.bootstrap=" + BOOTSTRAP)
			.run((context) -> assertThat(context).doesNotHaveBean(XdsProperties.class)
				.doesNotHaveBean(XdsBootstrapNameResolverProvider.class));
	}

}
