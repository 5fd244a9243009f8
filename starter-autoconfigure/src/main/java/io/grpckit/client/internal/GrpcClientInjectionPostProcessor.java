package io.grpckit.client.internal;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpckit.client.GrpcClient;

import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyValues;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Injects stubs into {@link GrpcClient} fields after a bean is instantiated, and installs
 * the resolver that handles {@link GrpcClient} on constructor and {@code @Bean} method
 * parameters. Register it through a {@code static @Bean} method.
 */
public final class GrpcClientInjectionPostProcessor
		implements BeanFactoryPostProcessor, InstantiationAwareBeanPostProcessor, BeanFactoryAware {

	private final Map<Class<?>, List<Field>> clientFields = new ConcurrentHashMap<>();

	private GrpcClientStubResolver stubs;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.stubs = new GrpcClientStubResolver(beanFactory);
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		if (beanFactory instanceof DefaultListableBeanFactory listable
				&& !(listable.getAutowireCandidateResolver() instanceof GrpcClientAutowireCandidateResolver)) {
			listable.setAutowireCandidateResolver(
					new GrpcClientAutowireCandidateResolver(listable.getAutowireCandidateResolver(), this.stubs));
		}
	}

	@Override
	public PropertyValues postProcessProperties(PropertyValues pvs, Object bean, String beanName) {
		for (Field field : clientFields(bean.getClass())) {
			inject(bean, field);
		}
		return pvs;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		// Spring Test in AOT mode fills a test instance with @Autowired processing only, then
		// initializes it: the fields still empty are filled here
		for (Field field : clientFields(bean.getClass())) {
			ReflectionUtils.makeAccessible(field);
			if (ReflectionUtils.getField(field, bean) == null) {
				inject(bean, field);
			}
		}
		return bean;
	}

	private List<Field> clientFields(Class<?> type) {
		return this.clientFields.computeIfAbsent(type, (key) -> {
			List<Field> fields = new ArrayList<>();
			ReflectionUtils.doWithFields(key, fields::add, (field) -> field.isAnnotationPresent(GrpcClient.class));
			return List.copyOf(fields);
		});
	}

	private void inject(Object bean, Field field) {
		GrpcClient annotation = field.getAnnotation(GrpcClient.class);
		Object stub = this.stubs.resolve(annotation, field.getType(), "field " + field);
		ReflectionUtils.makeAccessible(field);
		ReflectionUtils.setField(field, bean, stub);
	}

}
