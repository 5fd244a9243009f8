package io.grpckit.internal.validation;

import build.buf.protovalidate.ValidatorFactory;
import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import io.grpckit.test.proto.validation.AccountReply;
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
