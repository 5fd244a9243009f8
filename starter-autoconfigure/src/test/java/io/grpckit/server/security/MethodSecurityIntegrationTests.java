package io.grpckit.server.security;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.context.SecurityContextHolder;

import static io.grpckit.server.security.SecurityIntegrationTests.basic;
import static io.grpckit.server.security.SecurityIntegrationTests.bidi;
import static io.grpckit.server.security.SecurityIntegrationTests.serverStream;
import static io.grpckit.server.security.SecurityIntegrationTests.unary;
import static io.grpckit.server.security.SecurityIntegrationTests.withChannel;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @PreAuthorize} on service methods, for unary and streaming calls: the caller's
 * SecurityContext is on the thread that runs the service method, and gone afterwards.
 */
class MethodSecurityIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcServerSecurityAutoConfiguration.class))
		.withUserConfiguration(SecurityIntegrationTests.Users.class, MethodSecurity.class)
		.withBean(AdminOnlyEchoService.class)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.address=127.0.0.1",
				"grpckit.server.security.default-access=authenticated");

	@Test
	void preAuthorizeOnUnaryAndStreamingMethods() {
		this.runner.run((context) -> {
			withChannel(context, basic("admin", "secret"), (channel) -> {
				assertThat(unary(channel)).isEqualTo(Status.Code.OK);
				assertThat(serverStream(channel)).isEqualTo(Status.Code.OK);
				assertThat(bidi(channel)).isEqualTo(Status.Code.OK);
			});
			withChannel(context, basic("alice", "secret"), (channel) -> {
				assertThat(unary(channel)).isEqualTo(Status.Code.PERMISSION_DENIED);
				assertThat(serverStream(channel)).isEqualTo(Status.Code.PERMISSION_DENIED);
				assertThat(bidi(channel)).isEqualTo(Status.Code.PERMISSION_DENIED);
			});
			assertThat(context.getBean(AdminOnlyEchoService.class).leakedContext).isFalse();
		});
	}

	// class-based proxies, Spring Boot's default (spring.aop.proxy-target-class=true): the final
	// bindService() then binds the proxy; an interface-based proxy would bind the bare target
	@EnableMethodSecurity(proxyTargetClass = true)
	static class MethodSecurity {

	}

	static class AdminOnlyEchoService extends EchoGrpc.EchoImplBase {

		volatile boolean leakedContext;

		@Override
		@PreAuthorize("hasRole('ADMIN')")
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			responseObserver.onNext(EchoReply.newBuilder().setText(name()).build());
			responseObserver.onCompleted();
		}

		@Override
		@PreAuthorize("hasRole('ADMIN')")
		public void serverStream(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			responseObserver.onNext(EchoReply.newBuilder().setText(name()).build());
			responseObserver.onCompleted();
		}

		@Override
		@PreAuthorize("hasRole('ADMIN')")
		public StreamObserver<EchoRequest> bidi(StreamObserver<EchoReply> responseObserver) {
			return new StreamObserver<>() {

				@Override
				public void onNext(EchoRequest value) {
					responseObserver.onNext(EchoReply.newBuilder().setText(name()).build());
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
					responseObserver.onCompleted();
				}

			};
		}

		private String name() {
			String name = SecurityContextHolder.getContext().getAuthentication().getName();
			// the executor thread of a finished call must not carry its context into the next
			this.leakedContext |= !"admin".equals(name);
			return name;
		}

	}

}
