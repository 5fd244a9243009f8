package io.grpckit.server;

import io.grpc.ManagedChannel;
import io.grpckit.test.proto.OrderedEchoGrpc;
import io.grpckit.testsupport.GrpcServerIntegrationTest;
import io.grpckit.testsupport.RecordingInterceptors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.grpckit.testsupport.Calls.echo;
import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GrpcServiceDiscoverer} end to end: annotated services are served, global
 * interceptors by their order, outside each service's own interceptors.
 */
@GrpcServerIntegrationTest
class GrpcServiceDiscovererIntegrationTests {

	@BeforeEach
	void clear() {
		RecordingInterceptors.seen.clear();
	}

	@Test
	void servesAnnotatedServices(ManagedChannel channel) {
		assertThat(echo(channel).unary(request("hello")).getText()).isEqualTo("hello");
		assertThat(OrderedEchoGrpc.newBlockingStub(channel).unary(request("ordered")).getText()).isEqualTo("ordered");
	}

	@Test
	void globalInterceptorsRunInOrderOutsideServiceInterceptors(ManagedChannel channel) {
		OrderedEchoGrpc.newBlockingStub(channel).unary(request("order"));
		assertThat(RecordingInterceptors.seen).containsExactly("global-A", "global-B", "service-C", "service-D",
				"service");
	}

}
