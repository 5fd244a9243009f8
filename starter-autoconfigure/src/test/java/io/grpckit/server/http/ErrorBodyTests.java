package io.grpckit.server.http;

import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpckit.test.http.proto.Author;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code google.rpc.Status} JSON of failed calls: every code and message round trip, details from
 * the {@code grpc-status-details-bin} trailer, and what happens when that trailer does not fit.
 */
class ErrorBodyTests {

	private static final JsonCodec JSON = new JsonCodec(false, false, false, false)
		.withTypes(List.of(Author.getDescriptor().getFile()));

	@ParameterizedTest
	@EnumSource(Status.Code.class)
	void everyCodeRoundTrips(Status.Code code) throws InvalidProtocolBufferException {
		String message = "bad \"thing\" \u00fc\n<b>";
		String body = ErrorBody.json(Status.fromCode(code).withDescription(message), new Metadata(), JSON);
		com.google.rpc.Status parsed = parse(body);
		assertThat(parsed.getCode()).isEqualTo(code.value());
		assertThat(parsed.getMessage()).isEqualTo(message);
		assertThat(parsed.getDetailsList()).isEmpty();
		assertThat(body).startsWith("{\"code\":" + code.value() + ",\"message\":").endsWith(",\"details\":[]}")
			.doesNotContain("\n");
	}

	@Test
	void aStatusWithoutDescriptionHasAnEmptyMessage() {
		assertThat(ErrorBody.json(Status.NOT_FOUND, null, JSON))
			.isEqualTo("{\"code\":5,\"message\":\"\",\"details\":[]}");
	}

	@Test
	void detailsComeFromTheTrailerOfRichErrors() throws InvalidProtocolBufferException {
		com.google.rpc.Status rich = com.google.rpc.Status.newBuilder()
			.setCode(Status.Code.INVALID_ARGUMENT.value())
			.setMessage("name is bad")
			.addDetails(Any.pack(ErrorInfo.newBuilder().setReason("NAME").setDomain("grpckit.io").build()))
			.addDetails(Any.pack(BadRequest.newBuilder()
				.addFieldViolations(BadRequest.FieldViolation.newBuilder().setField("name").setDescription("empty"))
				.build()))
			.addDetails(Any.pack(Author.newBuilder().setDisplayName("a service's own type").build()))
			.build();
		// what a service's StatusProto.toStatusRuntimeException sends, as the call ends with it
		StatusRuntimeException sent = StatusProto.toStatusRuntimeException(rich);
		String body = ErrorBody.json(sent.getStatus(), sent.getTrailers(), JSON);
		assertThat(parse(body)).isEqualTo(rich);
		assertThat(body).contains("\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"NAME\"");
	}

	@Test
	void detailsOfAnotherCodeAreNotThisStatusDetails() throws InvalidProtocolBufferException {
		Metadata trailers = trailers(com.google.rpc.Status.newBuilder()
			.setCode(Status.Code.NOT_FOUND.value())
			.addDetails(Any.pack(ErrorInfo.newBuilder().setReason("X").build()))
			.build()
			.toByteArray());
		com.google.rpc.Status parsed = parse(ErrorBody.json(Status.INTERNAL.withDescription("boom"), trailers, JSON));
		assertThat(parsed.getCode()).isEqualTo(13);
		assertThat(parsed.getMessage()).isEqualTo("boom");
		assertThat(parsed.getDetailsList()).isEmpty();
	}

	@Test
	void unreadableDetailsAreLeftOut() throws InvalidProtocolBufferException {
		Metadata trailers = trailers(new byte[] { (byte) 0xff, 0x01 });
		com.google.rpc.Status parsed = parse(ErrorBody.json(Status.ABORTED.withDescription("again"), trailers, JSON));
		assertThat(parsed).isEqualTo(com.google.rpc.Status.newBuilder().setCode(10).setMessage("again").build());
	}

	@Test
	void theTrailersMessageStandsInForAMissingDescription() throws InvalidProtocolBufferException {
		Metadata trailers = trailers(
				com.google.rpc.Status.newBuilder().setCode(3).setMessage("from details").build().toByteArray());
		assertThat(parse(ErrorBody.json(Status.INVALID_ARGUMENT, trailers, JSON)).getMessage()).isEqualTo("from details");
	}

	@Test
	void aDetailOfAnUnknownTypeKeepsItsBytes() {
		Any unknown = Any.newBuilder()
			.setTypeUrl("type.googleapis.com/some.Unknown")
			.setValue(ByteString.copyFrom(new byte[] { 1, 2, 3 }))
			.build();
		Metadata trailers = trailers(
				com.google.rpc.Status.newBuilder().setCode(9).setMessage("m").addDetails(unknown).build().toByteArray());
		JsonObject body = JsonParser.parseString(ErrorBody.json(Status.FAILED_PRECONDITION.withDescription("m"), trailers, JSON))
			.getAsJsonObject();
		JsonObject detail = body.getAsJsonArray("details").get(0).getAsJsonObject();
		assertThat(detail.get("@type").getAsString()).isEqualTo("type.googleapis.com/some.Unknown");
		assertThat(detail.get("value").getAsString()).isEqualTo("AQID");
	}

	private static Metadata trailers(byte[] details) {
		Metadata trailers = new Metadata();
		trailers.put(ErrorBody.STATUS_DETAILS, details);
		return trailers;
	}

	private static com.google.rpc.Status parse(String json) throws InvalidProtocolBufferException {
		com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder();
		JsonFormat.parser().usingTypeRegistry(JSON.typeRegistry()).merge(json, status);
		return status.build();
	}

}
