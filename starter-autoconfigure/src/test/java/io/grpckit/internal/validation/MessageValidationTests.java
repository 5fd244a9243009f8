package io.grpckit.internal.validation;

import java.util.Collections;
import java.util.List;

import build.buf.protovalidate.ValidatorFactory;
import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import com.google.rpc.BadRequest.FieldViolation;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpckit.test.proto.validation.AccountReply;
import io.grpckit.test.proto.validation.CreateAccountRequest;
import io.grpckit.testsupport.AccountsService;
import org.junit.jupiter.api.Test;

import static io.grpckit.testsupport.AccountsService.valid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessageValidation}: what is not validated, and how field paths read.
 */
class MessageValidationTests {

	private final MessageValidation validation = new MessageValidation(ValidatorFactory.newBuilder().build());

	@Test
	void validMessagesMessagesWithoutRulesAndOtherObjectsPass() {
		assertThat(this.validation.check(valid("ada"))).isNull();
		assertThat(this.validation.check(AccountReply.getDefaultInstance())).isNull();
		assertThat(this.validation.check(new byte[] { 1, 2 })).isNull();
	}

	@Test
	void thousandsOfViolationsStayWithinTheTrailersLimit() {
		CreateAccountRequest request = valid("ada").toBuilder()
			.addAllTags(Collections.nCopies(2000, ""))
			.build();
		StatusRuntimeException failure = this.validation.check(request);
		assertThat(failure).isNotNull();
		assertThat(failure.getStatus().getDescription()).startsWith("CreateAccountRequest is invalid: tags: ")
			.contains("; and " + (2001 - MessageValidation.MAX_DESCRIBED) + " more")
			.contains(" of 2001)");
		List<FieldViolation> listed = AccountsService.violations(failure);
		assertThat(listed).hasSizeGreaterThan(MessageValidation.MAX_DESCRIBED).hasSizeLessThan(2001);
		// what travels in the trailers, base64-encoded: within the bound (a real client over Netty is
		// ValidationServerInterceptorTests.thousandsOfViolationsReachTheClientAsInvalidArgument)
		assertThat(StatusProto.fromThrowable(failure).getSerializedSize())
			.isLessThan(MessageValidation.MAX_DETAIL_BYTES + 2048);
	}

	@Test
	void pathsNameFieldsIndexesAndKeys() {
		FieldPath path = FieldPath.newBuilder()
			.addElements(FieldPathElement.newBuilder().setFieldName("orders").setIndex(2))
			.addElements(FieldPathElement.newBuilder().setFieldName("labels").setStringKey("env"))
			.addElements(FieldPathElement.newBuilder().setFieldName("sizes").setIntKey(-1))
			.addElements(FieldPathElement.newBuilder().setFieldName("name"))
			.build();
		assertThat(MessageValidation.path(path)).isEqualTo("orders[2].labels[\"env\"].sizes[-1].name");
		assertThat(MessageValidation.path(FieldPath.getDefaultInstance())).isEmpty();
	}

}
