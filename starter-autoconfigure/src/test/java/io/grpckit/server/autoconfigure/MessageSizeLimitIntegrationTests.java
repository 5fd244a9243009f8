package io.grpckit.server.autoconfigure;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.GrpcServerIntegrationTest;
import org.junit.jupiter.api.Test;

import static io.grpckit.testsupport.Calls.echo;
import static io.grpckit.testsupport.Calls.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default inbound message size limit of 4 MiB, end to end.
 */
@GrpcServerIntegrationTest
class MessageSizeLimitIntegrationTests {

	@Test
	void requestOverTheSizeLimitIsResourceExhausted(ManagedChannel channel) {
		EchoRequest big = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[4 * 1024 * 1024 + 1])).build();
		assertThat(failure(() -> echo(channel).unary(big)).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		// counted after decompression: a few KiB on the wire, over the limit once inflated
		assertThat(failure(() -> echo(channel).withCompression("gzip").unary(big)).getCode())
			.isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		EchoRequest fits = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[4 * 1024 * 1024 - 16])).build();
		assertThat(echo(channel).unary(fits).getPayload().size()).isEqualTo(4 * 1024 * 1024 - 16);
	}

}
