package io.grpckit.test.slice;

import java.time.Duration;

import io.grpckit.client.GrpcClient;
import io.grpckit.test.AutoConfigureGrpcObservation;
import io.grpckit.test.GrpcTest;
import io.grpckit.test.slice.proto.HelloGrpc;
import io.grpckit.test.slice.proto.HelloRequest;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link AutoConfigureGrpcObservation @AutoConfigureGrpcObservation} adds observation of
 * calls to the slice, which leaves it out ({@link GrpcTestSliceTests}).
 */
@GrpcTest(HelloService.class)
@AutoConfigureGrpcObservation
class GrpcTestObservationTests {

	@GrpcClient("hello")
	HelloGrpc.HelloBlockingStub hello;

	@Autowired
	TestObservationRegistry registry;

	@Test
	void callsAreObserved() {
		this.hello.say(HelloRequest.newBuilder().setName("observed").build());
		// the server may end its observation just after the client has its answer
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.registry).hasObservationWithNameEqualTo("grpc.server")
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("rpc.service", "grpckit.test.slice.Hello"));
		assertThat(this.registry).hasObservationWithNameEqualTo("grpc.client").that().hasBeenStopped();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		TestObservationRegistry testObservationRegistry() {
			return TestObservationRegistry.create();
		}

	}

}
