package io.grpckit;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Finds and orders global interceptors, server and client alike: the beans whose class or
 * {@code @Bean} method carries a marker annotation ({@code @GlobalServerInterceptor},
 * {@code @GlobalClientInterceptor}). A bean's order is its {@link Ordered#getOrder()}, else
 * the {@link Order @Order} on its class or {@code @Bean} method, else
 * {@link Ordered#LOWEST_PRECEDENCE}; lower runs first, outermost. Equal orders keep bean
 * registration order. See {@link InterceptorOrder} for the built-in interceptors' orders.
 */
public final class GlobalInterceptors {

	private GlobalInterceptors() {
	}

	/**
	 * Return the global interceptors with their orders, outermost first.
	 * @param <T> the interceptor type
	 * @param beanFactory where to look
	 * @param marker the annotation that marks a bean as global
	 * @param type the interceptor type
	 * @return the interceptors and their orders, outermost first
	 */
	public static <T> List<OrderedInterceptor<T>> find(ListableBeanFactory beanFactory,
			Class<? extends Annotation> marker, Class<T> type) {
		List<OrderedInterceptor<T>> interceptors = new ArrayList<>();
		for (String beanName : beanFactory.getBeanNamesForAnnotation(marker)) {
			T interceptor = beanFactory.getBean(beanName, type);
			interceptors.add(new OrderedInterceptor<>(interceptor, orderOf(beanFactory, beanName, interceptor)));
		}
		// a stable sort: equal orders keep bean registration order
		interceptors.sort(Comparator.comparingInt(OrderedInterceptor::order));
		return List.copyOf(interceptors);
	}

	private static int orderOf(ListableBeanFactory beanFactory, String beanName, Object interceptor) {
		if (interceptor instanceof Ordered ordered) {
			return ordered.getOrder();
		}
		// finds @Order on the bean class or on its @Bean method
		Order order = beanFactory.findAnnotationOnBean(beanName, Order.class);
		return (order != null) ? order.value() : Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * A global interceptor and its order.
	 * @param <T> the interceptor type
	 * @param interceptor the interceptor
	 * @param order its order, lower runs first
	 */
	public record OrderedInterceptor<T>(T interceptor, int order) {
	}

}
