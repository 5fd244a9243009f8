package io.grpckit.client.autoconfigure;

import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import io.grpc.protobuf.StatusProto;
import io.grpckit.client.GrpcChannelBuilderCustomizer;
import io.grpckit.client.validation.ValidationClientInterceptor;
import io.grpckit.internal.validation.MessageValidation;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Validation of outgoing requests, when build.buf:protovalidate is on the class path: the
 * channels with {@code grpckit.client.channel.<name>.validation.enabled=true} (off by
 * default, inherited from the 'default' channel like every channel value) get a
 * {@link ValidationClientInterceptor}, outermost. The protovalidate {@link Validator} bean
 * is the server's when both run in one application.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Validator.class, StatusProto.class })
class GrpcClientValidationConfiguration {

	static final String VALIDATOR_CLASS = "build.buf.protovalidate.Validator";

	@Bean
	@ConditionalOnMissingBean(Validator.class)
	Validator grpckitProtoValidator() {
		return ValidatorFactory.newBuilder().build();
	}

	@Bean
	GrpcChannelBuilderCustomizer grpckitValidationChannelCustomizer(GrpcClientProperties properties,
			Validator validator) {
		ValidationClientInterceptor interceptor = new ValidationClientInterceptor(new MessageValidation(validator));
		// added after the properties' interceptors, so it runs before them (grpc-java runs the
		// interceptor added last first): no other interceptor sees an invalid message
		return (name, builder) -> {
			if (Boolean.TRUE.equals(properties.resolve(name).getValidation().getEnabled())) {
				builder.intercept(interceptor);
			}
		};
	}

}
