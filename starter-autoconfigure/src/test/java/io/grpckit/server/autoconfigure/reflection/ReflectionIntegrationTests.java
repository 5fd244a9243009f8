package io.grpckit.server.autoconfigure.reflection;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server reflection, v1 and v1alpha, lists and describes the services.
 */
class ReflectionIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerReflectionAutoConfiguration.class, GrpcServerHealthAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void v1ListsAndDescribesServices() {
		this.runner.run((context) -> {
			ManagedChannel channel = Channels.loopback(context.getBean(GrpcServerLifecycle.class).getPort());
			try {
				ServerReflectionResponse list = ask(channel,
						ServerReflectionRequest.newBuilder().setListServices("").build());
				List<String> names = list.getListServicesResponse().getServiceList().stream()
					.map(ServiceResponse::getName)
					.toList();
				assertThat(names).contains("grpckit.test.Echo", "grpc.health.v1.Health",
						"grpc.reflection.v1.ServerReflection");
				for (String name : names) {
					ServerReflectionResponse described = ask(channel,
							ServerReflectionRequest.newBuilder().setFileContainingSymbol(name).build());
					assertThat(described.getFileDescriptorResponse().getFileDescriptorProtoCount()).as(name)
						.isPositive();
				}
			}
			finally {
				Channels.close(channel);
			}
		});
	}

	@Test
	@SuppressWarnings("deprecation")
	void v1alphaListsServices() {
		this.runner.run((context) -> {
			ManagedChannel channel = Channels.loopback(context.getBean(GrpcServerLifecycle.class).getPort());
			try {
				LinkedBlockingQueue<io.grpc.reflection.v1alpha.ServerReflectionResponse> replies = new LinkedBlockingQueue<>();
				StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests = io.grpc.reflection.v1alpha.ServerReflectionGrpc
					.newStub(channel)
					.serverReflectionInfo(new Collecting<>(replies));
				requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
				requests.onCompleted();
				assertThat(replies.poll(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList())
					.extracting(io.grpc.reflection.v1alpha.ServiceResponse::getName)
					.contains("grpckit.test.Echo", "grpc.health.v1.Health");
			}
			finally {
				Channels.close(channel);
			}
		});
	}

	private static ServerReflectionResponse ask(ManagedChannel channel, ServerReflectionRequest request)
			throws InterruptedException {
		LinkedBlockingQueue<ServerReflectionResponse> replies = new LinkedBlockingQueue<>();
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
			.serverReflectionInfo(new Collecting<>(replies));
		requests.onNext(request);
		requests.onCompleted();
		return replies.poll(5, TimeUnit.SECONDS);
	}

	static final class Collecting<T> implements StreamObserver<T> {

		private final LinkedBlockingQueue<T> replies;

		Collecting(LinkedBlockingQueue<T> replies) {
			this.replies = replies;
		}

		@Override
		public void onNext(T value) {
			this.replies.add(value);
		}

		@Override
		public void onError(Throwable t) {
		}

		@Override
		public void onCompleted() {
		}

	}

}
