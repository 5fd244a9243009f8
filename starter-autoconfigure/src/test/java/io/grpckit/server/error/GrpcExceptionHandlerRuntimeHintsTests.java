package io.grpckit.server.error;

import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @GrpcExceptionHandler} methods are invoked by reflection: Spring AOT's scan of bean
 * classes for {@code @Reflective} registers them, public or not, and nothing else.
 */
class GrpcExceptionHandlerRuntimeHintsTests {

	@Test
	void handlerMethodsOfAnAdviceAreRegisteredForInvocation() {
		RuntimeHints hints = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, SampleAdvice.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(SampleAdvice.class, "invalid"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(SampleAdvice.class, "unsupported"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(SampleAdvice.class, "notAHandler"))
			.rejects(hints);
	}

	@GrpcAdvice
	static class SampleAdvice {

		@GrpcExceptionHandler
		Status invalid(IllegalArgumentException ex) {
			return Status.INVALID_ARGUMENT.withDescription(ex.getMessage());
		}

		@GrpcExceptionHandler(UnsupportedOperationException.class)
		public Status unsupported(RuntimeException ex, Metadata headers) {
			return Status.UNIMPLEMENTED;
		}

		public Status notAHandler(RuntimeException ex) {
			return Status.INTERNAL;
		}

	}

}
