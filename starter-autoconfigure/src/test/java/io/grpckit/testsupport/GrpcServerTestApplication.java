package io.grpckit.testsupport;

import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpckit.server.error.GrpcAdvice;
import io.grpckit.server.error.GrpcExceptionHandler;
import io.grpckit.server.interceptor.GlobalServerInterceptor;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

/**
 * The server application of the end-to-end tests: every auto-configuration, the
 * {@link EchoService}, the {@link OrderedEchoService} with interceptors of its own, two
 * global interceptors declared out of order, and an advice that maps
 * IllegalArgumentException. Start it with {@link GrpcServerIntegrationTest}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ EchoService.class, OrderedEchoService.class, GrpcServerTestApplication.MappingAdvice.class })
public class GrpcServerTestApplication {

	@Bean
	@GlobalServerInterceptor
	@Order(20)
	ServerInterceptor globalB() {
		return RecordingInterceptors.named("global-B");
	}

	@Bean
	@GlobalServerInterceptor
	@Order(10)
	ServerInterceptor globalA() {
		return RecordingInterceptors.named("global-A");
	}

	@Bean
	ServerInterceptor serviceInterceptorD() {
		return RecordingInterceptors.named("service-D");
	}

	/** Maps IllegalArgumentException to INVALID_ARGUMENT, "mapped by advice". */
	@GrpcAdvice
	static class MappingAdvice {

		@GrpcExceptionHandler
		Status illegalArgument(IllegalArgumentException ex) {
			return Status.INVALID_ARGUMENT.withDescription("mapped by advice");
		}

	}

}
