package io.grpckit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stands in for a remote service in a test: the {@link io.grpc.BindableService} in the
 * annotated static field is served by an in-process server of its own, and the named
 * channel ({@code grpckit.client.channel.<name>.target}) is pointed at it, so that code
 * calling {@code @GrpcClient("inventory")} reaches the fake without a network.
 * <pre class="code">
 * &#064;GrpcTest
 * class OrderServiceTests {
 *
 *     &#064;GrpcFake("inventory")
 *     static final FakeInventory inventory = new FakeInventory();
 *
 * }
 * </pre>
 * <p>
 * Works in any Spring test ({@code @GrpcTest}, {@code @SpringBootTest}). Several fields may
 * name the same channel: its server serves them all. The fake is not a bean, so the
 * application's own server does not serve it. The field must be static, as the context is
 * built before the test instance; the fake server stops when the context closes.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface GrpcFake {

	/**
	 * Name of the channel to point at the fake, as in {@code @GrpcClient("inventory")}.
	 * @return the channel name
	 */
	String value();

}
