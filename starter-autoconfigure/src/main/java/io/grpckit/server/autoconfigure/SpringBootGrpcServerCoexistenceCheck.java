package io.grpckit.server.autoconfigure;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;

/**
 * Fails fast when Spring Boot's own gRPC server is on the classpath and enabled too: two
 * servers would fight over one port and serve the same services twice.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = SpringBootGrpcServerCoexistenceCheck.BOOT_GRPC_SERVER)
@ConditionalOnProperty(name = "spring.grpc.server.enabled", havingValue = "true", matchIfMissing = true)
class SpringBootGrpcServerCoexistenceCheck implements InitializingBean {

	static final String BOOT_GRPC_SERVER = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration";

	@Override
	public void afterPropertiesSet() {
		throw new IllegalStateException("Both grpckit and Spring Boot's gRPC server (spring-boot-grpc-server) are "
				+ "on the classpath and enabled, and would start two gRPC servers. Set spring.grpc.server.enabled=false "
				+ "to keep grpckit's server, or grpckit.server.enabled=false to keep Spring Boot's.");
	}

}
