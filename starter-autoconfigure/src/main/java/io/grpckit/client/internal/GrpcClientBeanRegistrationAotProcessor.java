package io.grpckit.client.internal;

import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.grpc.stub.AbstractStub;
import io.grpckit.client.GrpcClient;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.util.ReflectionUtils;

/**
 * Registers the reflection a native image needs for the stubs of a bean: its
 * {@link GrpcClient @GrpcClient} fields (set by {@link GrpcClientInjectionPostProcessor}),
 * and for every stub it receives, through a field, a constructor or {@code @Bean} method
 * parameter or as the bean itself ({@code @EnableGrpcClients}), the public methods of the
 * generated {@code XxxGrpc} class, whose static factory creates the stub. Listed in
 * {@code META-INF/spring/aot.factories}.
 */
final class GrpcClientBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanType = registeredBean.getBeanClass();
		List<Field> fields = new ArrayList<>();
		Set<Class<?>> stubTypes = new LinkedHashSet<>();
		ReflectionUtils.doWithFields(beanType, (field) -> {
			fields.add(field);
			stubTypes.add(field.getType());
		}, (field) -> field.isAnnotationPresent(GrpcClient.class));
		Executable executable = instantiatedBy(registeredBean);
		if (executable != null) {
			for (Parameter parameter : executable.getParameters()) {
				if (parameter.isAnnotationPresent(GrpcClient.class)) {
					stubTypes.add(parameter.getType());
				}
			}
		}
		if (AbstractStub.class.isAssignableFrom(beanType)) {
			// a stub bean (@EnableGrpcClients)
			stubTypes.add(beanType);
		}
		stubTypes.removeIf((type) -> !AbstractStub.class.isAssignableFrom(type) || type.getEnclosingClass() == null);
		if (fields.isEmpty() && stubTypes.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			fields.forEach(reflection::registerField);
			stubTypes.forEach((type) -> registerStubFactory(reflection, type));
		};
	}

	/**
	 * Register what {@code GrpcStubs.create} calls for a stub type: the public static
	 * factory methods of its enclosing generated class.
	 * @param reflection the hints to add to
	 * @param stubType a generated stub type
	 */
	static void registerStubFactory(ReflectionHints reflection, Class<?> stubType) {
		Class<?> grpcClass = stubType.getEnclosingClass();
		if (grpcClass != null) {
			reflection.registerType(grpcClass, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
	}

	private static @Nullable Executable instantiatedBy(RegisteredBean registeredBean) {
		try {
			return registeredBean.resolveInstantiationDescriptor().executable();
		}
		catch (RuntimeException ex) {
			// an instance supplier without a known constructor or factory method: no parameters to see
			return null;
		}
	}

}
