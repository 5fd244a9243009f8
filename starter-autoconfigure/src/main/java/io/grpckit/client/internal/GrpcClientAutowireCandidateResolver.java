package io.grpckit.client.internal;

import io.grpckit.client.GrpcClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;

/**
 * Resolves constructor and method parameters annotated with {@link GrpcClient} to a stub,
 * and delegates everything else to the resolver it wraps. Parameters are resolved through
 * the public {@link AutowireCandidateResolver#getSuggestedValue} hook, the one
 * {@code @Value} uses, so {@code @GrpcClient} works wherever Spring autowires parameters.
 */
final class GrpcClientAutowireCandidateResolver implements AutowireCandidateResolver {

	private final AutowireCandidateResolver delegate;

	private final GrpcClientStubResolver stubs;

	GrpcClientAutowireCandidateResolver(AutowireCandidateResolver delegate, GrpcClientStubResolver stubs) {
		this.delegate = delegate;
		this.stubs = stubs;
	}

	@Override
	public @Nullable Object getSuggestedValue(DependencyDescriptor descriptor) {
		GrpcClient annotation = descriptor.getAnnotation(GrpcClient.class);
		if (annotation != null) {
			return this.stubs.resolve(annotation, descriptor.getDependencyType(), descriptor.toString());
		}
		return this.delegate.getSuggestedValue(descriptor);
	}

	@Override
	public boolean isAutowireCandidate(BeanDefinitionHolder bdHolder, DependencyDescriptor descriptor) {
		return this.delegate.isAutowireCandidate(bdHolder, descriptor);
	}

	@Override
	public boolean isRequired(DependencyDescriptor descriptor) {
		return this.delegate.isRequired(descriptor);
	}

	@Override
	public boolean hasQualifier(DependencyDescriptor descriptor) {
		return this.delegate.hasQualifier(descriptor);
	}

	@Override
	public @Nullable String getSuggestedName(DependencyDescriptor descriptor) {
		return this.delegate.getSuggestedName(descriptor);
	}

	@Override
	public @Nullable Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor,
			@Nullable String beanName) {
		return this.delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
	}

	@Override
	public @Nullable Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, @Nullable String beanName) {
		return this.delegate.getLazyResolutionProxyClass(descriptor, beanName);
	}

	@Override
	public AutowireCandidateResolver cloneIfNecessary() {
		return new GrpcClientAutowireCandidateResolver(this.delegate.cloneIfNecessary(), this.stubs);
	}

}
