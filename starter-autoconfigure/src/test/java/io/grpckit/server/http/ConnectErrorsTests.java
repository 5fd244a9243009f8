package io.grpckit.server.http;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectErrors}: Connect's error JSON and end-of-stream message.
 */
class ConnectErrorsTests {

	@Test
	void codesAreSnakeCaseAndCancelledIsSpelledCanceled() {
		assertThat(ConnectErrors.code(Status.Code.INVALID_ARGUMENT)).isEqualTo("invalid_argument");
		assertThat(ConnectErrors.code(Status.Code.CANCELLED)).isEqualTo("canceled");
		assertThat(ConnectErrors.code(Status.Code.UNAUTHENTICATED)).isEqualTo("unauthenticated");
	}

	@Test
	void messagesAreWrittenAsTheyAreNotHtmlEscaped() {
		String json = ConnectErrors.json(Status.INVALID_ARGUMENT.withDescription("name 'x' = <y>"), new Metadata());
		assertThat(json).isEqualTo("{\"code\":\"invalid_argument\",\"message\":\"name 'x' = <y>\"}");
	}

	@Test
	void detailsAreTypeAndBase64Value() {
		RetryInfo retry = RetryInfo.newBuilder()
			.setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(2))
			.build();
		com.google.rpc.Status rich = com.google.rpc.Status.newBuilder()
			.setCode(Status.Code.UNAVAILABLE.value())
			.setMessage("later")
			.addDetails(Any.pack(retry))
			.build();
		Metadata trailers = StatusProto.toStatusRuntimeException(rich).getTrailers();
		String json = ConnectErrors.json(Status.UNAVAILABLE.withDescription("later"), trailers);
		String value = java.util.Base64.getEncoder().withoutPadding().encodeToString(retry.toByteArray());
		assertThat(json).isEqualTo("{\"code\":\"unavailable\",\"message\":\"later\",\"details\":[{\"type\":\"google.rpc.RetryInfo\",\"value\":\""
				+ value + "\"}]}");
	}

	@Test
	void endOfStreamCarriesTheErrorAndTheTrailers() {
		Metadata trailers = new Metadata();
		trailers.put(Metadata.Key.of("x-cost", Metadata.ASCII_STRING_MARSHALLER), "3");
		assertThat(ConnectErrors.endOfStream(Status.OK, trailers)).isEqualTo("{\"metadata\":{\"x-cost\":[\"3\"]}}");
		assertThat(ConnectErrors.endOfStream(Status.NOT_FOUND.withDescription("gone"), new Metadata()))
			.isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"gone\"}}");
	}

}
