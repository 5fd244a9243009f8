package io.grpckit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.grpc.BindableService;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test slice for gRPC services, like Boot's {@code @WebMvcTest} for controllers: only the
 * kit's gRPC server and client auto-configuration and the application's gRPC components
 * are in the context, and the server runs in process, without a network port.
 * <p>
 * Components found by scanning are limited to the {@link #services() listed services} (all
 * {@link BindableService} beans when none are listed), {@code @GrpcAdvice} classes, global
 * and other server and client interceptors, exception resolvers and server and channel
 * builder customizers. Other beans the services need come in with {@code @Import} or
 * {@code @MockitoBean}.
 * <p>
 * Every channel without a target of its own ({@code grpckit.client.channel.default.target})
 * connects to the in-process server, so {@link io.grpckit.client.GrpcClient @GrpcClient}
 * fields of the test class get stubs that call the services under test. There is no web
 * server, no Actuator, no Micrometer observation and no discovery registration; import
 * their auto-configurations to have them (see docs/testing.md). Remote services the code
 * under test calls can be stood in for with {@link GrpcFake @GrpcFake}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(GrpcTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(GrpcTypeExcludeFilter.class)
@AutoConfigureInProcessGrpc
@AutoConfigureGrpc
@ImportAutoConfiguration
public @interface GrpcTest {

	/**
	 * Properties in form {@literal key=value} to add to the environment before the test runs.
	 * @return the properties to add
	 */
	String[] properties() default {};

	/**
	 * The services to test; when empty, every {@link BindableService} component is included.
	 * @return the service classes to include
	 */
	@AliasFor("value")
	Class<?>[] services() default {};

	/**
	 * Alias for {@link #services()}.
	 * @return the service classes to include
	 */
	@AliasFor("services")
	Class<?>[] value() default {};

	/**
	 * Whether default filtering should be used with {@code @SpringBootApplication}'s
	 * component scan. When false, only {@link #includeFilters()} select components.
	 * @return whether to use default filters
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Include filters that add beans to the context otherwise filtered out.
	 * @return include filters to apply
	 */
	Filter[] includeFilters() default {};

	/**
	 * Exclude filters that remove beans from the context otherwise included.
	 * @return exclude filters to apply
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configuration to exclude for this test.
	 * @return auto-configuration to exclude
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
