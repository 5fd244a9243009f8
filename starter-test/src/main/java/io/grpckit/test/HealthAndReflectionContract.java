package io.grpckit.test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests that an application's running server answers the standard gRPC health and reflection
 * services the way grpckit serves them (needs {@code grpc-services}, which the server starter
 * brings). A test class implements it and supplies a channel to its server; JUnit runs these
 * tests with the class's own.
 */
public interface HealthAndReflectionContract {

	/**
	 * Return a channel to the server under test, open for the duration of a test.
	 * @return the channel
	 */
	Channel grpcChannel();

	/**
	 * Return the full name of one of the application's services, e.g. {@code helloworld.Greeter}.
	 * @return the service name
	 */
	String applicationService();

	/**
	 * The server and the application's service are SERVING, an unknown service is NOT_FOUND;
	 * a watch reports SERVING, or SERVICE_UNKNOWN and stays open until the client's deadline.
	 * @throws InterruptedException when interrupted while waiting
	 */
	@Test
	default void healthCheckAndWatch() throws InterruptedException {
		HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(grpcChannel())
			.withDeadlineAfter(5, TimeUnit.SECONDS);
		assertEquals(ServingStatus.SERVING, health.check(check("")).getStatus());
		assertEquals(ServingStatus.SERVING, health.check(check(applicationService())).getStatus());
		assertEquals(Status.Code.NOT_FOUND,
				assertThrows(StatusRuntimeException.class, () -> health.check(check("no.Such"))).getStatus().getCode());
		StreamEvents<HealthCheckResponse> watch = new StreamEvents<>();
		HealthGrpc.newStub(grpcChannel()).withDeadlineAfter(5, TimeUnit.SECONDS).watch(check(applicationService()),
				watch);
		assertEquals(ServingStatus.SERVING,
				assertInstanceOf(HealthCheckResponse.class, watch.poll(5, TimeUnit.SECONDS)).getStatus());
		StreamEvents<HealthCheckResponse> unknown = new StreamEvents<>();
		HealthGrpc.newStub(grpcChannel()).withDeadlineAfter(1500, TimeUnit.MILLISECONDS).watch(check("no.Such"),
				unknown);
		assertEquals(ServingStatus.SERVICE_UNKNOWN,
				assertInstanceOf(HealthCheckResponse.class, unknown.poll(5, TimeUnit.SECONDS)).getStatus());
		// kept open: only the client's own deadline ends it
		assertEquals(Status.Code.DEADLINE_EXCEEDED,
				assertInstanceOf(StatusRuntimeException.class, unknown.poll(5, TimeUnit.SECONDS)).getStatus().getCode());
	}

	/**
	 * Reflection v1 lists the application's service, health and both reflection services, and
	 * describes every service it lists.
	 * @throws InterruptedException when interrupted while waiting
	 */
	@Test
	default void reflectionV1ListsAndDescribesEveryService() throws InterruptedException {
		List<String> names = reflectV1(ServerReflectionRequest.newBuilder().setListServices("").build())
			.getListServicesResponse()
			.getServiceList()
			.stream()
			.map(ServiceResponse::getName)
			.toList();
		assertTrue(names.containsAll(List.of(applicationService(), "grpc.health.v1.Health",
				"grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection")), names::toString);
		for (String name : names) {
			assertTrue(reflectV1(ServerReflectionRequest.newBuilder().setFileContainingSymbol(name).build())
				.getFileDescriptorResponse()
				.getFileDescriptorProtoCount() > 0, name);
		}
	}

	/**
	 * Reflection v1alpha, which older tools still use, lists the application's service and
	 * health, and describes every service it lists.
	 * @throws InterruptedException when interrupted while waiting
	 */
	@Test
	@SuppressWarnings("deprecation")
	default void reflectionV1alphaListsAndDescribesEveryService() throws InterruptedException {
		List<String> names = reflectV1alpha(
				io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build())
			.getListServicesResponse()
			.getServiceList()
			.stream()
			.map(io.grpc.reflection.v1alpha.ServiceResponse::getName)
			.toList();
		assertTrue(names.containsAll(List.of(applicationService(), "grpc.health.v1.Health")), names::toString);
		for (String name : names) {
			assertTrue(reflectV1alpha(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
				.setFileContainingSymbol(name)
				.build()).getFileDescriptorResponse().getFileDescriptorProtoCount() > 0, name);
		}
	}

	private ServerReflectionResponse reflectV1(ServerReflectionRequest request) throws InterruptedException {
		StreamEvents<ServerReflectionResponse> replies = new StreamEvents<>();
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(grpcChannel())
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.serverReflectionInfo(replies);
		requests.onNext(request);
		requests.onCompleted();
		return assertInstanceOf(ServerReflectionResponse.class, replies.poll(5, TimeUnit.SECONDS));
	}

	@SuppressWarnings("deprecation")
	private io.grpc.reflection.v1alpha.ServerReflectionResponse reflectV1alpha(
			io.grpc.reflection.v1alpha.ServerReflectionRequest request) throws InterruptedException {
		StreamEvents<io.grpc.reflection.v1alpha.ServerReflectionResponse> replies = new StreamEvents<>();
		StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests = io.grpc.reflection.v1alpha.ServerReflectionGrpc
			.newStub(grpcChannel())
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.serverReflectionInfo(replies);
		requests.onNext(request);
		requests.onCompleted();
		return assertInstanceOf(io.grpc.reflection.v1alpha.ServerReflectionResponse.class,
				replies.poll(5, TimeUnit.SECONDS));
	}

	private static HealthCheckRequest check(String service) {
		return HealthCheckRequest.newBuilder().setService(service).build();
	}

}
