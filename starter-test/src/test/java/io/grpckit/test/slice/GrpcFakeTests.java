package io.grpckit.test.slice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.grpckit.client.GrpcClient;
import io.grpckit.test.GrpcFake;
import io.grpckit.test.GrpcTest;
import io.grpckit.test.slice.proto.InventoryGrpc;
import io.grpckit.test.slice.proto.OrderRequest;
import io.grpckit.test.slice.proto.ShopGrpc;
import io.grpckit.test.slice.proto.StockReply;
import io.grpckit.test.slice.proto.StockRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link GrpcFake @GrpcFake}: the shop's {@code @GrpcClient("inventory")} reaches a fake in
 * the test instead of the address the application configures, without a network.
 */
@GrpcTest(services = ShopService.class,
		properties = "grpckit.client.channel.inventory.target=inventory.invalid:443")
class GrpcFakeTests {

	@GrpcFake("inventory")
	static final FakeInventory inventory = new FakeInventory();

	@GrpcClient("shop")
	ShopGrpc.ShopBlockingStub shop;

	@GrpcClient("app")
	InventoryGrpc.InventoryBlockingStub appServer;

	@Test
	void codeCallingTheNamedChannelReachesTheFake() {
		assertThat(this.shop.order(OrderRequest.newBuilder().setItem("pen").setQuantity(3).build()).getAccepted())
			.isTrue();
		assertThat(this.shop.order(OrderRequest.newBuilder().setItem("ink").setQuantity(3).build()).getAccepted())
			.isFalse();
		assertThat(inventory.items).contains("pen", "ink");
	}

	@Test
	void theApplicationServerDoesNotServeTheFake() {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.appServer.stock(StockRequest.getDefaultInstance()));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	/**
	 * Five pens, nothing else; remembers what was asked for.
	 */
	static class FakeInventory extends InventoryGrpc.InventoryImplBase {

		final List<String> items = new CopyOnWriteArrayList<>();

		@Override
		public void stock(StockRequest request, StreamObserver<StockReply> responseObserver) {
			this.items.add(request.getItem());
			responseObserver.onNext(StockReply.newBuilder().setCount(request.getItem().equals("pen") ? 5 : 0).build());
			responseObserver.onCompleted();
		}

	}

}
