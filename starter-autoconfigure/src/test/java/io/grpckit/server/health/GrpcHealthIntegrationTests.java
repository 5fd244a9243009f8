package io.grpckit.server.health;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpckit.testsupport.GrpcServerIntegrationTest;
import io.grpckit.testsupport.StreamEvents;
import org.junit.jupiter.api.Test;

import static io.grpckit.testsupport.Calls.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code grpc.health.v1} service of a running server: check and watch, for the server
 * as a whole, a served service and an unknown one.
 */
@GrpcServerIntegrationTest
class GrpcHealthIntegrationTests {

	@Test
	void healthCheckAndWatch(ManagedChannel channel) throws Exception {
		HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
		assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
			.isEqualTo(ServingStatus.SERVING);
		assertThat(health.check(HealthCheckRequest.newBuilder().setService("grpckit.test.Echo").build()).getStatus())
			.isEqualTo(ServingStatus.SERVING);
		assertThat(failure(() -> health.check(HealthCheckRequest.newBuilder().setService("no.Such").build())).getCode())
			.isEqualTo(Status.Code.NOT_FOUND);
		Iterator<HealthCheckResponse> watch = health.withDeadlineAfter(5, TimeUnit.SECONDS)
			.watch(HealthCheckRequest.newBuilder().setService("grpckit.test.Echo").build());
		assertThat(watch.next().getStatus()).isEqualTo(ServingStatus.SERVING);
		StreamEvents<HealthCheckResponse> unknown = new StreamEvents<>();
		HealthGrpc.newStub(channel)
			.withDeadlineAfter(2, TimeUnit.SECONDS)
			.watch(HealthCheckRequest.newBuilder().setService("no.Such").build(), unknown);
		assertThat(((HealthCheckResponse) unknown.poll(5)).getStatus()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
		// the call stays open until the client's deadline ends it
		assertThat(unknown.poll(5)).isInstanceOfSatisfying(StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
	}

}
