package io.grpckit.server.http;

import java.util.EnumSet;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** grpc-gateway's HTTP status for each of the 17 gRPC codes. */
class HttpStatusMappingTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "OK, 200", "CANCELLED, 499", "UNKNOWN, 500", "INVALID_ARGUMENT, 400", "DEADLINE_EXCEEDED, 504",
			"NOT_FOUND, 404", "ALREADY_EXISTS, 409", "PERMISSION_DENIED, 403", "RESOURCE_EXHAUSTED, 429",
			"FAILED_PRECONDITION, 400", "ABORTED, 409", "OUT_OF_RANGE, 400", "UNIMPLEMENTED, 501", "INTERNAL, 500",
			"UNAVAILABLE, 503", "DATA_LOSS, 500", "UNAUTHENTICATED, 401" })
	void toHttp(Status.Code code, int httpStatus) {
		assertThat(HttpStatusMapping.toHttp(code)).isEqualTo(httpStatus);
	}

	@Test
	void theTableAboveIsEveryCode() {
		assertThat(EnumSet.allOf(Status.Code.class)).hasSize(17);
	}

}
