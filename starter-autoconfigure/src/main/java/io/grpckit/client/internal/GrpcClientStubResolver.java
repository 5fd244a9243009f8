package io.grpckit.client.internal;

import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.GrpcClient;
import io.grpckit.client.GrpcStubFactory;
import io.grpckit.client.GrpcStubs;

import org.springframework.beans.factory.BeanFactory;

/**
 * Turns a {@link GrpcClient} injection point into a stub of its channel, looking up the
 * {@link GrpcChannelFactory} bean only when the first stub is needed. The
 * {@link GrpcStubFactory} beans, in their order, come before the kit's own stub kinds.
 */
final class GrpcClientStubResolver {

	private final BeanFactory beanFactory;

	GrpcClientStubResolver(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	Object resolve(GrpcClient annotation, Class<?> type, String injectionPoint) {
		GrpcStubs stubs = stubs(this.beanFactory);
		if (!stubs.supports(type)) {
			throw new IllegalStateException("@GrpcClient(\"" + annotation.value() + "\") on " + injectionPoint
					+ ": " + type.getName() + " is not a gRPC stub that a GrpcStubFactory supports, a Channel or a "
					+ "ManagedChannel");
		}
		GrpcChannelFactory channels = this.beanFactory.getBean(GrpcChannelFactory.class);
		return stubs.createStub(type, channels.createChannel(annotation.value()));
	}

	// asked per injection point: a factory bean may come up later than this post-processor
	private static GrpcStubs stubs(BeanFactory beanFactory) {
		return new GrpcStubs(beanFactory.getBeanProvider(GrpcStubFactory.class).orderedStream().toList());
	}

}
