package io.grpckit.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Registers stubs of one channel as ordinary beans, so that plain constructor injection
 * works without {@link GrpcClient}. Repeat the annotation for several channels:
 * <pre class="code">
 * &#64;EnableGrpcClients(channel = "greeter", types = GreeterGrpc.GreeterBlockingStub.class)
 * </pre>
 * Each bean is named {@code <channel>.<StubSimpleName>}, e.g.
 * {@code greeter.GreeterBlockingStub}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(EnableGrpcClients.List.class)
@Import(GrpcClientsRegistrar.class)
public @interface EnableGrpcClients {

	/**
	 * Name of the channel the stubs use.
	 * @return the channel name
	 */
	String channel();

	/**
	 * Stub types to register.
	 * @return the stub types
	 */
	Class<?>[] types();

	/**
	 * Container of repeated {@link EnableGrpcClients} annotations.
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@Import(GrpcClientsRegistrar.class)
	public @interface List {

		/**
		 * The repeated annotations.
		 * @return the annotations
		 */
		EnableGrpcClients[] value();

	}

}
