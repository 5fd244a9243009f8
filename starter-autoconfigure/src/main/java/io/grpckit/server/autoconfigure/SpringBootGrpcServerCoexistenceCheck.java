package io.grpckit.server.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Fails fast when Spring Boot's own gRPC server is configured too: two servers would fight
 * over one port and serve the same services twice. Checked once all beans exist and before
 * any server starts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = SpringBootGrpcServerCoexistenceCheck.BOOT_GRPC_SERVER_LIFECYCLE)
class SpringBootGrpcServerCoexistenceCheck implements SmartInitializingSingleton, BeanFactoryAware {

	static final String BOOT_GRPC_SERVER_LIFECYCLE = "org.springframework.grpc.server.lifecycle.GrpcServerLifecycle";

	private ListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Class<?> bootLifecycle = ClassUtils.resolveClassName(BOOT_GRPC_SERVER_LIFECYCLE, getClass().getClassLoader());
		if (this.beanFactory.getBeanNamesForType(bootLifecycle, true, false).length > 0) {
			throw new IllegalStateException("Both grpckit and Spring Boot's gRPC server (spring-boot-grpc-server) "
					+ "are configured and would start two gRPC servers. Set spring.grpc.server.enabled=false to keep "
					+ "grpckit's server, or grpckit.server.enabled=false to keep Spring Boot's.");
		}
	}

}
