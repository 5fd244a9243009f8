package io.grpckit.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the stub beans declared by {@link EnableGrpcClients}. Each stub is created,
 * like any singleton, from the channel the {@link GrpcChannelFactory} bean returns for its
 * name, by the first {@link GrpcStubFactory} that supports its type.
 */
class GrpcClientsRegistrar implements ImportBeanDefinitionRegistrar {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		// one annotation or several in their container: both come back here
		for (AnnotationAttributes attributes : metadata.getMergedRepeatableAnnotationAttributes(EnableGrpcClients.class,
				EnableGrpcClients.List.class, false)) {
			String channel = attributes.getString("channel");
			for (Class<?> type : attributes.getClassArray("types")) {
				register(channel, type, registry);
			}
		}
	}

	/**
	 * Create a stub bean of {@link EnableGrpcClients}: the factory method of its bean
	 * definition.
	 */
	static <T> T createStub(Class<T> type, String channel, GrpcChannelFactory channels,
			ObjectProvider<GrpcStubFactory> factories) {
		GrpcStubs stubs = new GrpcStubs(factories.orderedStream().toList());
		if (!stubs.supports(type)) {
			throw new IllegalArgumentException("@EnableGrpcClients(channel = \"" + channel + "\"): " + type.getName()
					+ " is not a gRPC stub that a GrpcStubFactory supports");
		}
		return stubs.createStub(type, channels.createChannel(channel));
	}

	private <T> void register(String channel, Class<T> type, BeanDefinitionRegistry registry) {
		// the type is checked when the bean is created: GrpcStubFactory beans do not exist yet
		String beanName = channel + "." + type.getSimpleName();
		if (registry.containsBeanDefinition(beanName)) {
			return;
		}
		// A static factory method with its arguments, not an instance supplier: Spring AOT turns
		// this definition into code at build time, which it cannot do for a lambda.
		RootBeanDefinition definition = new RootBeanDefinition(GrpcClientsRegistrar.class);
		definition.setFactoryMethodName("createStub");
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(1, channel);
		definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		definition.setTargetType(type);
		registry.registerBeanDefinition(beanName, definition);
	}

}
