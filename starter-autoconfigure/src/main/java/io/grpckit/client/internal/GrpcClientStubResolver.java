package io.grpckit.client.internal;

import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.GrpcClient;
import io.grpckit.client.GrpcStubs;

import org.springframework.beans.factory.BeanFactory;

/**
 * Turns a {@link GrpcClient} injection point into a stub of its channel, looking up the
 * {@link GrpcChannelFactory} bean only when the first stub is needed.
 */
final class GrpcClientStubResolver {

	private final BeanFactory beanFactory;

	GrpcClientStubResolver(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	Object resolve(GrpcClient annotation, Class<?> type, String injectionPoint) {
		if (!GrpcStubs.isSupported(type)) {
			throw new IllegalStateException("@GrpcClient(\"" + annotation.value() + "\") on " + injectionPoint
					+ ": " + type.getName() + " is not a generated gRPC stub, Channel or ManagedChannel");
		}
		GrpcChannelFactory channels = this.beanFactory.getBean(GrpcChannelFactory.class);
		return GrpcStubs.create(type, channels.createChannel(annotation.value()));
	}

}
