package io.grpckit.internal.observation;

import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Finds out whether an observation of a gRPC call would only become meters: whether
 * Spring Boot's {@link ObservationRegistry} is configured with Micrometer's
 * {@link DefaultMeterObservationHandler} as its one handler, and nothing else that could
 * see or change an observation (no tracing or other handler, no customizer, convention,
 * predicate or filter of the application, no common key values). Then the kit's
 * observation interceptors record the same meters without creating observations.
 * <p>
 * It reads bean definitions, not the registry (whose handlers are not public): a registry
 * the application builds itself, or handlers added to it in code, keep the full
 * observation.
 */
public final class MetricsOnlyObservation {

	private static final String BOOT_PACKAGE = "org.springframework.boot.micrometer.observation.autoconfigure.";

	private static final String OBSERVATION_AUTO_CONFIGURATION = BOOT_PACKAGE + "ObservationAutoConfiguration";

	private static final String PROPERTIES_FILTER_PREDICATE = BOOT_PACKAGE + "PropertiesObservationFilterPredicate";

	private static final String REGISTRY_CUSTOMIZER = BOOT_PACKAGE + "ObservationRegistryCustomizer";

	private MetricsOnlyObservation() {
	}

	/**
	 * Why one side's calls (server or client) must be observed in full, or {@code null}
	 * when the meters are all an observation would give.
	 * @param fastPathProperty the side's {@code fast-path} property, named in the reason
	 * @param fastPath its value
	 * @param meters the application's unique meter registry, if any
	 * @param customConvention whether the application has its own convention for that side
	 * @param beanFactory the application's bean factory
	 * @param environment the application's environment
	 * @return a short reason for the log, or {@code null}
	 */
	public static @Nullable String reasonToObserve(String fastPathProperty, boolean fastPath,
			@Nullable MeterRegistry meters, boolean customConvention, ConfigurableListableBeanFactory beanFactory,
			Environment environment) {
		if (!fastPath) {
			return fastPathProperty + "=false";
		}
		if (meters == null) {
			return "no unique MeterRegistry";
		}
		if (customConvention) {
			return "a custom convention";
		}
		return reasonToObserve(beanFactory, environment);
	}

	/**
	 * Why calls must be observed in full, or {@code null} when the meters are all an
	 * observation would give.
	 * @param beanFactory the application's bean factory
	 * @param environment the application's environment
	 * @return a short reason for the log, or {@code null}
	 */
	public static @Nullable String reasonToObserve(ConfigurableListableBeanFactory beanFactory,
			Environment environment) {
		String[] registries = beanFactory.getBeanNamesForType(ObservationRegistry.class, true, false);
		if (registries.length != 1 || !beanFactory.containsBeanDefinition(registries[0])) {
			return "not exactly one ObservationRegistry bean";
		}
		BeanDefinition registry = beanFactory.getBeanDefinition(registries[0]);
		if (!OBSERVATION_AUTO_CONFIGURATION.equals(registry.getFactoryBeanName())) {
			return "the ObservationRegistry is the application's own";
		}
		String[] handlers = beanFactory.getBeanNamesForType(ObservationHandler.class, true, false);
		if (handlers.length != 1 || beanFactory.getType(handlers[0], false) != DefaultMeterObservationHandler.class) {
			return "observation handlers other than Micrometer's meter handler";
		}
		if (hasBeans(beanFactory, GlobalObservationConvention.class) || hasBeans(beanFactory, REGISTRY_CUSTOMIZER)) {
			return "global observation conventions or registry customizers";
		}
		if (!onlyBootsPropertiesFilter(beanFactory, ObservationPredicate.class)
				|| !onlyBootsPropertiesFilter(beanFactory, ObservationFilter.class)) {
			return "observation predicates or filters";
		}
		Binder binder = Binder.get(environment);
		if (!isEmpty(binder, "management.observations.key-values")
				|| !isEmpty(binder, "management.observations.enable")) {
			return "management.observations.key-values or .enable set";
		}
		return null;
	}

	/**
	 * Whether Boot's meter handler keeps a long task timer per observation (unless
	 * {@code management.metrics.observations.ignored-meters} names it).
	 * @param environment the application's environment
	 * @return {@code true} unless the long task timer is ignored
	 */
	public static boolean longTaskTimer(Environment environment) {
		return !Binder.get(environment)
			.bind("management.metrics.observations.ignored-meters", Bindable.setOf(IgnoredMeters.class))
			.orElse(Set.of())
			.contains(IgnoredMeters.LONG_TASK_TIMER);
	}

	private static boolean hasBeans(ConfigurableListableBeanFactory beanFactory, Class<?> type) {
		return beanFactory.getBeanNamesForType(type, true, false).length > 0;
	}

	private static boolean hasBeans(ConfigurableListableBeanFactory beanFactory, String typeName) {
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		return ClassUtils.isPresent(typeName, classLoader)
				&& hasBeans(beanFactory, ClassUtils.resolveClassName(typeName, classLoader));
	}

	private static boolean onlyBootsPropertiesFilter(ConfigurableListableBeanFactory beanFactory, Class<?> type) {
		for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
			Class<?> beanType = beanFactory.getType(name, false);
			if (beanType == null || !PROPERTIES_FILTER_PREDICATE.equals(beanType.getName())) {
				return false;
			}
		}
		return true;
	}

	private static boolean isEmpty(Binder binder, String name) {
		return binder.bind(name, Bindable.mapOf(String.class, String.class)).map(Map::isEmpty).orElse(true);
	}

}
