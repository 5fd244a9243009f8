package io.grpckit.server.error;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpckit.RequestId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves exceptions through the {@link GrpcExceptionHandler @GrpcExceptionHandler}
 * methods of one {@link GrpcAdvice @GrpcAdvice} bean; the handler declared for the closest
 * exception type wins. A handler's {@code com.google.rpc.Status} is sent with its details in
 * {@code grpc-status-details-bin}; a status of code OK, or of a code gRPC does not know, is the
 * handler's bug: the client gets INTERNAL and the server logs a warning naming the handler.
 */
public class AdviceGrpcExceptionResolver implements GrpcExceptionResolver {

	private static final Log logger = LogFactory.getLog(AdviceGrpcExceptionResolver.class);

	private final Object advice;

	private final Map<Class<? extends Throwable>, Method> handlers;

	private final Map<Class<?>, Optional<Method>> resolved = new ConcurrentHashMap<>();

	public AdviceGrpcExceptionResolver(Object advice) {
		this.advice = advice;
		this.handlers = findHandlers(AopUtils.getTargetClass(advice));
	}

	private static Map<Class<? extends Throwable>, Method> findHandlers(Class<?> type) {
		Map<Class<? extends Throwable>, Method> handlers = new ConcurrentHashMap<>();
		ReflectionUtils.doWithMethods(type, (method) -> {
			GrpcExceptionHandler annotation = AnnotatedElementUtils.findMergedAnnotation(method,
					GrpcExceptionHandler.class);
			for (Class<? extends Throwable> exceptionType : handledTypes(method, annotation)) {
				Method existing = handlers.putIfAbsent(exceptionType, method);
				if (existing != null && !existing.equals(method)) {
					throw new IllegalStateException("Ambiguous @GrpcExceptionHandler for " + exceptionType.getName()
							+ " in " + type.getName() + ": " + existing.getName() + " and " + method.getName());
				}
			}
			ReflectionUtils.makeAccessible(method);
		}, (method) -> AnnotatedElementUtils.hasAnnotation(method, GrpcExceptionHandler.class));
		return handlers;
	}

	@SuppressWarnings("unchecked")
	private static List<Class<? extends Throwable>> handledTypes(Method method, GrpcExceptionHandler annotation) {
		List<Class<?>> exceptionParameters = Arrays.stream(method.getParameterTypes())
			.filter(Throwable.class::isAssignableFrom)
			.toList();
		boolean validParameters = exceptionParameters.size() == 1 && Arrays.stream(method.getParameterTypes())
			.allMatch((type) -> Throwable.class.isAssignableFrom(type) || type == Metadata.class);
		if (!validParameters) {
			throw new IllegalStateException("@GrpcExceptionHandler method " + method
					+ " must take one exception parameter and optionally the request Metadata");
		}
		if (annotation.value().length > 0) {
			return Arrays.asList(annotation.value());
		}
		return List.of((Class<? extends Throwable>) exceptionParameters.get(0));
	}

	@Override
	public @Nullable StatusException resolve(Throwable exception, Metadata requestHeaders) {
		Optional<Method> handler = this.resolved.computeIfAbsent(exception.getClass(), this::closestHandler);
		return handler.map((method) -> invoke(method, exception, requestHeaders)).orElse(null);
	}

	private Optional<Method> closestHandler(Class<?> exceptionType) {
		List<Class<? extends Throwable>> matches = new ArrayList<>();
		for (Class<? extends Throwable> handled : this.handlers.keySet()) {
			if (handled.isAssignableFrom(exceptionType)) {
				matches.add(handled);
			}
		}
		@SuppressWarnings("unchecked")
		Comparator<Class<? extends Throwable>> closest = new ExceptionDepthComparator(
				(Class<? extends Throwable>) exceptionType);
		return matches.stream().min(closest).map(this.handlers::get);
	}

	private @Nullable StatusException invoke(Method method, Throwable exception, Metadata requestHeaders) {
		Object[] arguments = Arrays.stream(method.getParameterTypes())
			.map((type) -> (type == Metadata.class) ? requestHeaders : exception)
			.toArray();
		Object result = ReflectionUtils.invokeMethod(method, this.advice, arguments);
		if (result == null) {
			return null;
		}
		StatusException mapped = toStatusException(method, result);
		if (mapped == null || mapped.getStatus().isOk()) {
			// a handler's bug, not the client's: it learns nothing of it
			String code = (mapped != null) ? "OK" : ("unknown code " + RichStatuses.code(result));
			logger.warn("@GrpcExceptionHandler " + method.getDeclaringClass().getName() + "." + method.getName()
					+ " returned a status with " + code + " for " + exception.getClass().getName()
					+ "; answering INTERNAL [requestId=" + RequestId.current() + "]", exception);
			return Status.INTERNAL.withDescription(ExceptionMappingServerInterceptor.INTERNAL_DESCRIPTION)
				.asException();
		}
		return mapped;
	}

	/** The handler's answer as a status exception; {@code null} for a rich status of an unknown code. */
	private static @Nullable StatusException toStatusException(Method method, Object result) {
		if (result instanceof Status status) {
			return status.asException();
		}
		if (result instanceof StatusException statusException) {
			return statusException;
		}
		if (result instanceof StatusRuntimeException statusRuntimeException) {
			return statusRuntimeException.getStatus().asException(statusRuntimeException.getTrailers());
		}
		if (RichStatuses.isRichStatus(result)) {
			return RichStatuses.toException(result);
		}
		throw new IllegalStateException("@GrpcExceptionHandler method " + method + " returned "
				+ result.getClass().getName()
				+ "; expected Status, StatusException, StatusRuntimeException or com.google.rpc.Status");
	}

}
