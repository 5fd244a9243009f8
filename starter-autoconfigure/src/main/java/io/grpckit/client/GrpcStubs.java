package io.grpckit.client;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Creates stubs of generated gRPC classes. The static methods know the kit's own stub kinds:
 * <ul>
 * <li>every flavour that protoc-gen-grpc-java generates (blocking, blocking V2, async,
 * future), each nested in {@code XxxGrpc}, which has a static factory method taking a
 * {@link Channel} and returning that stub type; reactor-grpc's {@code ReactorXxxStub},
 * made by {@code ReactorXxxGrpc.newReactorStub(Channel)}, has the same shape;</li>
 * <li>stubs with a public {@code (Channel, CallOptions)} constructor: grpc-kotlin's
 * {@code XxxGrpcKt.XxxCoroutineStub}.</li>
 * </ul>
 * An instance also asks the {@link GrpcStubFactory} beans it was given, before those.
 */
public final class GrpcStubs {

	private static final List<GrpcStubFactory> BUILT_IN = List.of(new StaticMethodStubFactory(),
			new ConstructorStubFactory());

	private final List<GrpcStubFactory> factories;

	/**
	 * Stubs from the given factories first, then from the kit's own.
	 * @param factories the factories to ask first, in order
	 */
	public GrpcStubs(List<? extends GrpcStubFactory> factories) {
		List<GrpcStubFactory> all = new ArrayList<>(factories);
		all.addAll(BUILT_IN);
		this.factories = List.copyOf(all);
	}

	/**
	 * Return whether the type can be injected for a channel by {@link #createStub}: a stub
	 * some factory supports, {@link Channel} or {@link ManagedChannel}.
	 * @param type the type to check
	 * @return whether it is supported
	 */
	public boolean supports(Class<?> type) {
		return type == Channel.class || type == ManagedChannel.class || findFactory(this.factories, type) != null;
	}

	/**
	 * Create a stub of the given type on the channel with the first factory that supports
	 * it; for {@link Channel} or {@link ManagedChannel} return the channel itself.
	 * @param <T> the stub type
	 * @param type the stub type
	 * @param channel the channel
	 * @return the stub
	 * @throws IllegalArgumentException if no factory supports the type
	 */
	public <T> T createStub(Class<T> type, ManagedChannel channel) {
		return create(this.factories, type, channel);
	}

	/**
	 * Return whether the type can be injected for a channel by {@link #create}: a stub of a
	 * kind the kit knows, {@link Channel} or {@link ManagedChannel}.
	 * @param type the type to check
	 * @return whether it is supported
	 */
	public static boolean isSupported(Class<?> type) {
		return type == Channel.class || type == ManagedChannel.class || findFactory(BUILT_IN, type) != null;
	}

	/**
	 * Create a stub of a kind the kit knows on the channel; for {@link Channel} or
	 * {@link ManagedChannel} return the channel itself.
	 * @param <T> the stub type
	 * @param type the stub type, nested in a generated {@code XxxGrpc} class
	 * @param channel the channel
	 * @return the stub
	 * @throws IllegalArgumentException if the type is not a generated stub
	 */
	public static <T> T create(Class<T> type, ManagedChannel channel) {
		return create(BUILT_IN, type, channel);
	}

	private static <T> T create(List<GrpcStubFactory> factories, Class<T> type, ManagedChannel channel) {
		if (type == Channel.class || type == ManagedChannel.class) {
			return type.cast(channel);
		}
		GrpcStubFactory factory = findFactory(factories, type);
		if (factory == null) {
			throw new IllegalArgumentException("Not a gRPC stub that a GrpcStubFactory supports (generated stubs "
					+ "have a static factory method taking a Channel in their enclosing class, or a public "
					+ "(Channel, CallOptions) constructor): " + type.getName());
		}
		Object stub = factory.create(type, channel);
		if (!type.isInstance(stub)) {
			throw new IllegalStateException(factory.getClass().getName() + " supports " + type.getName()
					+ " but created " + ((stub != null) ? stub.getClass().getName() : "null"));
		}
		return type.cast(stub);
	}

	private static @Nullable GrpcStubFactory findFactory(List<GrpcStubFactory> factories, Class<?> type) {
		for (GrpcStubFactory factory : factories) {
			if (factory.supports(type)) {
				return factory;
			}
		}
		return null;
	}

	/**
	 * grpc-java's stubs, and reactor-grpc's: a static method of the enclosing class takes a
	 * {@link Channel} and returns the stub type.
	 */
	static final class StaticMethodStubFactory implements GrpcStubFactory {

		@Override
		public boolean supports(Class<?> type) {
			return findFactoryMethod(type) != null;
		}

		@Override
		public Object create(Class<?> type, Channel channel) {
			Method factory = findFactoryMethod(type);
			if (factory == null) {
				throw new IllegalArgumentException("No static factory method taking a Channel for " + type.getName());
			}
			return ReflectionUtils.invokeMethod(factory, null, channel);
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

	/**
	 * Stubs with a public {@code (Channel, CallOptions)} constructor, as grpc-kotlin
	 * generates them ({@code XxxGrpcKt.XxxCoroutineStub}); created with the default call
	 * options, which the channel's interceptors complete (deadline, compression).
	 */
	static final class ConstructorStubFactory implements GrpcStubFactory {

		@Override
		public boolean supports(Class<?> type) {
			return findConstructor(type) != null;
		}

		@Override
		public Object create(Class<?> type, Channel channel) {
			Constructor<?> constructor = findConstructor(type);
			if (constructor == null) {
				throw new IllegalArgumentException("No public (Channel, CallOptions) constructor in " + type.getName());
			}
			return BeanUtils.instantiateClass(constructor, channel, CallOptions.DEFAULT);
		}

		private static @Nullable Constructor<?> findConstructor(Class<?> type) {
			if (!AbstractStub.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
				return null;
			}
			try {
				Constructor<?> constructor = type.getConstructor(Channel.class, CallOptions.class);
				return Modifier.isPublic(type.getModifiers()) ? constructor : null;
			}
			catch (NoSuchMethodException ex) {
				return null;
			}
		}

	}

}
