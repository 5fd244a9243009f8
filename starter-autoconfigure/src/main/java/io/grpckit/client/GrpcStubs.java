package io.grpckit.client;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Creates stubs of generated gRPC classes. Every stub flavour that protoc-gen-grpc-java
 * generates (blocking, blocking V2, async, future) is a nested class of {@code XxxGrpc},
 * which has a static factory method taking a {@link Channel} and returning that stub type.
 */
public final class GrpcStubs {

	private GrpcStubs() {
	}

	/**
	 * Return whether the type can be injected for a channel by {@link #create}: a generated
	 * stub, {@link Channel} or {@link ManagedChannel}.
	 * @param type the type to check
	 * @return whether it is supported
	 */
	public static boolean isSupported(Class<?> type) {
		return AbstractStub.class.isAssignableFrom(type) || type == Channel.class || type == ManagedChannel.class;
	}

	/**
	 * Create a stub of the given type on the channel; for {@link Channel} or
	 * {@link ManagedChannel} return the channel itself.
	 * @param <T> the stub type
	 * @param type the stub type, nested in a generated {@code XxxGrpc} class
	 * @param channel the channel
	 * @return the stub
	 * @throws IllegalArgumentException if the type is not a generated stub
	 */
	public static <T> T create(Class<T> type, ManagedChannel channel) {
		if (type == Channel.class || type == ManagedChannel.class) {
			return type.cast(channel);
		}
		Method factory = findFactoryMethod(type);
		if (factory == null) {
			throw new IllegalArgumentException("Not a generated gRPC stub (no static factory method taking a Channel in "
					+ "its enclosing class): " + type.getName());
		}
		return type.cast(ReflectionUtils.invokeMethod(factory, null, channel));
	}

	private static @Nullable Method findFactoryMethod(Class<?> type) {
		Class<?> grpcClass = type.getEnclosingClass();
		if (grpcClass == null || !AbstractStub.class.isAssignableFrom(type)) {
			return null;
		}
		for (Method method : grpcClass.getMethods()) {
			if (Modifier.isStatic(method.getModifiers()) && method.getReturnType() == type
					&& method.getParameterCount() == 1 && method.getParameterTypes()[0] == Channel.class) {
				return method;
			}
		}
		return null;
	}

}
