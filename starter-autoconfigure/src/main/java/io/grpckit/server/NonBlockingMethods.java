package io.grpckit.server;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Reads {@link NonBlocking @NonBlocking} off service implementations: the full names of the
 * gRPC methods they mark.
 */
final class NonBlockingMethods {

	private NonBlockingMethods() {
	}

	static Set<String> of(String beanName, BindableService service) {
		Class<?> type = AopUtils.getTargetClass(service);
		Set<String> marked = new HashSet<>();
		boolean wholeService = AnnotatedElementUtils.hasAnnotation(type, NonBlocking.class);
		Map<String, String> byJavaName = new HashMap<>();
		for (ServerMethodDefinition<?, ?> method : service.bindService().getMethods()) {
			MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
			if (wholeService) {
				marked.add(descriptor.getFullMethodName());
			}
			String bareName = descriptor.getBareMethodName();
			byJavaName.put(javaName((bareName != null) ? bareName : descriptor.getFullMethodName()),
					descriptor.getFullMethodName());
		}
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
			if (!AnnotatedElementUtils.hasAnnotation(method, NonBlocking.class)) {
				continue;
			}
			String fullName = byJavaName.get(method.getName());
			if (fullName == null) {
				// a typo or a helper method would otherwise leave the call on the pool unnoticed
				throw new IllegalStateException("@NonBlocking on " + type.getName() + "." + method.getName()
						+ " (bean '" + beanName + "'), which serves none of the service's gRPC methods "
						+ byJavaName.keySet() + "; put it on the method that overrides the generated one");
			}
			marked.add(fullName);
		}
		return marked;
	}

	/**
	 * The Java name grpc-java's code generator gives a proto method: first letter lower
	 * case, underscores dropped and the letter after each one upper case
	 * ({@code SayHello} to {@code sayHello}, {@code get_feature} to {@code getFeature}).
	 */
	static String javaName(String protoName) {
		StringBuilder name = new StringBuilder(protoName.length());
		boolean afterUnderscore = false;
		for (int i = 0; i < protoName.length(); i++) {
			char c = protoName.charAt(i);
			if (i == 0) {
				name.append(Character.toLowerCase(c));
			}
			else if (c == '_') {
				afterUnderscore = true;
			}
			else {
				name.append(afterUnderscore ? Character.toUpperCase(c) : c);
				afterUnderscore = false;
			}
		}
		return name.toString();
	}

}
