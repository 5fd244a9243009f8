package io.grpckit.test.slice;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.client.GrpcClient;
import io.grpckit.test.GrpcTest;
import io.grpckit.test.slice.proto.HelloGrpc;
import io.grpckit.test.slice.proto.HelloRequest;
import io.grpckit.test.slice.proto.OrderRequest;
import io.grpckit.test.slice.proto.ShopGrpc;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code @GrpcTest(services = ...)}: only the listed service of the application's services.
 */
@GrpcTest(services = HelloService.class)
class GrpcTestServicesTests {

	@GrpcClient("any")
	HelloGrpc.HelloBlockingStub hello;

	@GrpcClient("any")
	ShopGrpc.ShopBlockingStub shop;

	@Autowired
	ApplicationContext context;

	@Test
	void onlyTheListedServiceIsABean() {
		assertThat(this.context.getBeanNamesForType(HelloService.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(ShopService.class)).isEmpty();
		// advice is not a service: it stays
		assertThat(this.context.getBeanNamesForType(SliceAdvice.class)).hasSize(1);
	}

	@Test
	void onlyTheListedServiceIsServed() {
		assertThat(this.hello.say(HelloRequest.newBuilder().setName("listed").build()).getMessage())
			.isEqualTo("Hello, listed!");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.shop.order(OrderRequest.getDefaultInstance()));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
	}

}
