package io.grpckit.server.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.GrpcServerIntegrationTest;
import io.grpckit.testsupport.RawBytesMarshaller;
import io.grpckit.testsupport.StreamEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static io.grpckit.testsupport.Calls.failure;
import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link UnparsableRequestMapping} end to end: the kit parses requests itself, so bytes that
 * are no message fail with INTERNAL, and a call it ends while parsing reaches the service
 * as an error.
 */
@GrpcServerIntegrationTest
class UnparsableRequestMappingIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Test
	void unparsableRequestIsInternal(ManagedChannel channel) {
		MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(EchoGrpc.getUnaryMethod().getFullMethodName())
			.setRequestMarshaller(new RawBytesMarshaller())
			.setResponseMarshaller(new RawBytesMarshaller())
			.build();
		byte[] garbage = { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff };
		Status status = failure(() -> ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT, garbage));
		assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getDescription()).contains("cannot be parsed");
	}

	@Test
	void serviceHearsOfCallsTheKitEnded(ManagedChannel channel) {
		EchoService service = this.context.getBean(EchoService.class);
		int before = service.streamErrorCount();
		StreamEvents<EchoReply> events = new StreamEvents<>();
		// compressed, the size is enforced only while the kit parses the message, and it is the
		// kit that ends the call
		StreamObserver<EchoRequest> requests = EchoGrpc.newStub(channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.withCompression("gzip")
			.clientStream(events);
		requests.onNext(request("fine"));
		requests.onNext(EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[5 * 1024 * 1024])).build());
		Object end = await().atMost(Duration.ofSeconds(10)).until(() -> events.poll(1), (event) -> event != null);
		assertThat(end).isInstanceOfSatisfying(StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
		// its request observer got onError, as for any abort, so it can release what it holds
		await().atMost(Duration.ofSeconds(5)).until(() -> service.streamErrorCount() == before + 1);
	}

}
