package io.grpckit.server.autoconfigure.reflection;

import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Serves {@code grpc.reflection.v1} and {@code grpc.reflection.v1alpha}, so tools such as
 * grpcurl can list and describe the services.
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class)
@ConditionalOnClass(ProtoReflectionServiceV1.class)
@ConditionalOnGrpcServer
@ConditionalOnBooleanProperty(name = "grpckit.server.reflection.enabled", matchIfMissing = true)
public final class GrpcServerReflectionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ProtoReflectionServiceV1.class)
	BindableService grpckitReflectionServiceV1() {
		return ProtoReflectionServiceV1.newInstance();
	}

	@Bean
	@ConditionalOnMissingBean(ProtoReflectionService.class)
	@SuppressWarnings("deprecation")
	BindableService grpckitReflectionServiceV1Alpha() {
		// still the only version many tools (older grpcurl, Postman) speak
		return ProtoReflectionService.newInstance();
	}

}
