package io.grpckit.client;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding a detail in a failure: the first of its type, through causes, and nothing for
 * failures without details or with a detail that does not parse. Over the wire in
 * {@code RichErrorDetailsIntegrationTests}.
 */
class GrpcErrorDetailsTests {

	private static final ErrorInfo INFO = ErrorInfo.newBuilder().setReason("FIRST").setDomain("grpckit.io").build();

	@Test
	void findsTheFirstDetailOfTheType() {
		StatusRuntimeException failure = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
			.setCode(Status.Code.ABORTED.value())
			.addDetails(Any.pack(RetryInfo.getDefaultInstance()))
			.addDetails(Any.pack(INFO))
			.addDetails(Any.pack(INFO.toBuilder().setReason("SECOND").build()))
			.build());
		assertThat(GrpcErrorDetails.find(failure, ErrorInfo.class)).contains(INFO);
		assertThat(GrpcErrorDetails.find(new IllegalStateException("wrapped", failure), ErrorInfo.class))
			.contains(INFO);
		assertThat(GrpcErrorDetails.find(failure, BadRequest.class)).isEmpty();
	}

	@Test
	void findsNothingWithoutDetails() {
		assertThat(GrpcErrorDetails.find(Status.ABORTED.asRuntimeException(), ErrorInfo.class)).isEmpty();
		assertThat(GrpcErrorDetails.find(new IllegalStateException(), ErrorInfo.class)).isEmpty();
	}

	@Test
	void skipsADetailThatDoesNotParse() {
		Any broken = Any.newBuilder()
			.setTypeUrl("type.googleapis.com/google.rpc.ErrorInfo")
			.setValue(ByteString.copyFrom(new byte[] { (byte) 0xff }))
			.build();
		StatusRuntimeException failure = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
			.setCode(Status.Code.ABORTED.value())
			.addDetails(broken)
			.addDetails(Any.pack(INFO))
			.build());
		assertThat(GrpcErrorDetails.find(failure, ErrorInfo.class)).contains(INFO);
	}

}
