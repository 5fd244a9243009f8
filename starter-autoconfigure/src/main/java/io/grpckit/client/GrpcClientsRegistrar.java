package io.grpckit.client;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
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
class GrpcClientsRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

	private BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

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

	private <T> void register(String channel, Class<T> type, BeanDefinitionRegistry registry) {
		String beanName = channel + "." + type.getSimpleName();
		if (registry.containsBeanDefinition(beanName)) {
			return;
		}
		BeanFactory factory = this.beanFactory;
		RootBeanDefinition definition = new RootBeanDefinition(type, () -> create(factory, channel, type));
		registry.registerBeanDefinition(beanName, definition);
	}

	// checked when the bean is created, not here: GrpcStubFactory beans do not exist yet
	private static <T> T create(BeanFactory beanFactory, String channel, Class<T> type) {
		GrpcStubs stubs = new GrpcStubs(beanFactory.getBeanProvider(GrpcStubFactory.class).orderedStream().toList());
		if (!stubs.supports(type)) {
			throw new IllegalArgumentException("@EnableGrpcClients(channel = \"" + channel + "\"): " + type.getName()
					+ " is not a gRPC stub that a GrpcStubFactory supports");
		}
		return stubs.createStub(type, beanFactory.getBean(GrpcChannelFactory.class).createChannel(channel));
	}

}
