package io.grpckit.server.autoconfigure.admin;

import io.grpc.protobuf.services.ChannelzService;
import io.grpc.services.AdminInterface;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.admin.GrpcAdminServer;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServer;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServerEnabled;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * grpc-java's channelz, opt-in with {@code grpckit.server.admin.enabled=true}: on the
 * application's server, or with {@code grpckit.server.admin.port} on a separate admin
 * server with all of {@link AdminInterface}'s services.
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class)
@ConditionalOnClass({ ChannelzService.class, AdminInterface.class, GrpcServerLifecycle.class })
@ConditionalOnGrpcServerEnabled
@ConditionalOnBooleanProperty(name = "grpckit.server.admin.enabled")
@EnableConfigurationProperties(GrpcAdminProperties.class)
public final class GrpcAdminAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnGrpcServer
	@Conditional(NoAdminPort.class)
	static class SameServerConfiguration {

		@Bean
		@ConditionalOnMissingBean(ChannelzService.class)
		ChannelzService grpckitChannelzService() {
			return ChannelzService.newInstance(100);
		}

	}

	// a server of its own, also for applications that only call others (channelz shows channels)
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "grpckit.server.admin", name = "port")
	static class SeparateServerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcAdminServer grpckitAdminServer(GrpcAdminProperties properties) {
			return new GrpcAdminServer(properties.getPort());
		}

	}

	static final class NoAdminPort extends NoneNestedConditions {

		NoAdminPort() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "grpckit.server.admin", name = "port")
		static final class AdminPort {

		}

	}

}
