package io.grpckit.test;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import io.grpc.BindableService;
import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import io.grpckit.client.GrpcChannelBuilderCustomizer;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.GrpcService;
import io.grpckit.server.error.GrpcAdvice;
import io.grpckit.server.error.GrpcExceptionResolver;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * The components {@link GrpcTest @GrpcTest} keeps from the application's component scan.
 */
final class GrpcTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<GrpcTest> {

	private static final Class<?>[] NO_SERVICES = {};

	private static final Set<Class<?>> KNOWN_INCLUDES = Set.of(GrpcAdvice.class, GrpcExceptionResolver.class,
			ServerInterceptor.class, ClientInterceptor.class, GrpcServerBuilderCustomizer.class,
			GrpcChannelBuilderCustomizer.class);

	private static final Set<Class<?>> KNOWN_INCLUDES_AND_SERVICES;

	static {
		Set<Class<?>> includes = new LinkedHashSet<>(KNOWN_INCLUDES);
		includes.add(BindableService.class);
		includes.add(GrpcService.class);
		KNOWN_INCLUDES_AND_SERVICES = Set.copyOf(includes);
	}

	private final Class<?>[] services;

	GrpcTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.services = getAnnotation().getValue("services", Class[].class).orElse(NO_SERVICES);
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return (this.services.length == 0) ? KNOWN_INCLUDES_AND_SERVICES : KNOWN_INCLUDES;
	}

	@Override
	protected Set<Class<?>> getComponentIncludes() {
		return new LinkedHashSet<>(Arrays.asList(this.services));
	}

}
