package io.grpckit.testsupport;

import io.grpc.ManagedChannel;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Gives a test method a {@link ManagedChannel} parameter: a plaintext channel to the gRPC
 * port of the test's application context ({@code local.grpckit.server.port}), new for each
 * test and closed after it.
 */
public final class LoopbackChannelExtension implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ManagedChannel.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		int port = SpringExtension.getApplicationContext(extensionContext)
			.getEnvironment()
			.getRequiredProperty("local.grpckit.server.port", Integer.class);
		// the store of the test method closes it once the test has run
		return extensionContext.getStore(ExtensionContext.Namespace.create(LoopbackChannelExtension.class))
			.computeIfAbsent(parameterContext.getIndex(), (index) -> new Open(Channels.loopback(port)), Open.class)
			.channel();
	}

	private record Open(ManagedChannel channel) implements AutoCloseable {

		@Override
		public void close() {
			Channels.close(this.channel);
		}

	}

}
