package io.grpckit.demo.greeter;

import io.grpckit.discovery.RegistrationLifecycle;
import io.grpckit.discovery.etcd.EtcdNameResolverProvider;
import io.grpckit.discovery.etcd.EtcdServiceRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The greeter registers itself in etcd as 'greeter' when etcd endpoints are set. Registration
 * against a real etcd is proven in the starter's Etcd*IntegrationTests; here the endpoint is
 * unreachable on purpose and the application still starts and serves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "grpckit.server.port=0", "grpckit.discovery.etcd.endpoints=http://127.0.0.1:1" })
class GreeterDiscoveryTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void registersAsGreeterInEtcd() {
		assertThat(this.context.getBean(EtcdServiceRegistration.class)).isNotNull();
		assertThat(this.context.getBean(EtcdNameResolverProvider.class)).isNotNull();
		assertThat(this.context.getBean(RegistrationLifecycle.class).getTemplate().serviceName()).isEqualTo("greeter");
	}

}
