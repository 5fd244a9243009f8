package io.grpckit.server.autoconfigure.validation;

import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import io.grpc.Server;
import io.grpc.protobuf.StatusProto;
import io.grpckit.internal.validation.MessageValidation;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.server.validation.ValidationServerInterceptor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Request validation, on when build.buf:protovalidate is on the class path (off with
 * {@code grpckit.server.validation.enabled=false}): a global interceptor validates every
 * request message against the {@code buf.validate} rules of its proto before service code
 * runs, and ends the call with INVALID_ARGUMENT and a {@code google.rpc.BadRequest} when
 * it breaks one. The protovalidate {@link Validator} is a bean, built once; a user's own
 * (with its own configuration) replaces it.
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class)
@ConditionalOnClass({ Server.class, StatusProto.class, Validator.class })
@ConditionalOnGrpcServer
@ConditionalOnBooleanProperty(name = "grpckit.server.validation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcServerValidationProperties.class)
public final class GrpcServerValidationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(Validator.class)
	Validator grpckitProtoValidator() {
		return ValidatorFactory.newBuilder().build();
	}

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnMissingBean
	ValidationServerInterceptor grpckitValidationServerInterceptor(Validator validator,
			GrpcServerValidationProperties properties) {
		return new ValidationServerInterceptor(new MessageValidation(validator), properties.getExcludeMethods());
	}

}
