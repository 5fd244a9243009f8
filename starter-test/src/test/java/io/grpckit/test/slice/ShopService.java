package io.grpckit.test.slice;

import io.grpc.stub.StreamObserver;
import io.grpckit.client.GrpcClient;
import io.grpckit.server.GrpcService;
import io.grpckit.test.slice.proto.InventoryGrpc;
import io.grpckit.test.slice.proto.OrderReply;
import io.grpckit.test.slice.proto.OrderRequest;
import io.grpckit.test.slice.proto.ShopGrpc;
import io.grpckit.test.slice.proto.StockReply;
import io.grpckit.test.slice.proto.StockRequest;

/**
 * Accepts an order when the remote inventory service has the stock: code that calls
 * {@code @GrpcClient("inventory")}.
 */
@GrpcService
class ShopService extends ShopGrpc.ShopImplBase {

	@GrpcClient("inventory")
	InventoryGrpc.InventoryBlockingStub inventory;

	@Override
	public void order(OrderRequest request, StreamObserver<OrderReply> responseObserver) {
		StockReply stock = this.inventory.stock(StockRequest.newBuilder().setItem(request.getItem()).build());
		responseObserver.onNext(OrderReply.newBuilder().setAccepted(stock.getCount() >= request.getQuantity()).build());
		responseObserver.onCompleted();
	}

}
