package io.grpckit.internal.validation;

import java.util.ArrayList;
import java.util.List;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.Violation;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;
import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.jspecify.annotations.Nullable;

/**
 * Validates messages with a protovalidate {@link Validator} and turns a failure into
 * INVALID_ARGUMENT: a readable description naming every violation, and a
 * {@code google.rpc.BadRequest} in the status details (the {@code grpc-status-details-bin}
 * trailer) with one field violation per rule broken: the field path as {@code field},
 * the rule id as {@code reason}, protovalidate's message as {@code description}. Every
 * violation is listed, up to a size that keeps the trailers within a client's default
 * metadata limit; beyond it the description says how many were left out.
 * <p>
 * The validator compiles the rules of a message type once and keeps them (protovalidate
 * caches its evaluators per descriptor), so one instance serves every call. Thread-safe.
 */
public final class MessageValidation {

	/**
	 * Violations named in the description; the rest are counted. The description travels in
	 * the grpc-message trailer, which should stay readable.
	 */
	static final int MAX_DESCRIBED = 10;

	/**
	 * Bytes of field violations put in the details. Trailers count against the client's
	 * metadata limit (grpc-java: 8 KiB by default), and the details are sent base64-encoded:
	 * a request breaking thousands of rules must still end with INVALID_ARGUMENT the client
	 * can read, not with a trailer the client refuses.
	 */
	static final int MAX_DETAIL_BYTES = 4096;

	private final Validator validator;

	public MessageValidation(Validator validator) {
		this.validator = validator;
	}

	/**
	 * Validate a message.
	 * @param message the message; anything but a protobuf {@link Message} (a custom
	 * marshaller's object) is not validated
	 * @return {@code null} when the message is valid, else the INVALID_ARGUMENT to end the
	 * call with
	 * @throws IllegalStateException when the rules of the message cannot be compiled or
	 * evaluated: a fault of the proto, not of the caller
	 */
	public @Nullable StatusRuntimeException check(Object message) {
		if (!(message instanceof Message protobuf)) {
			return null;
		}
		ValidationResult result;
		try {
			result = this.validator.validate(protobuf);
		}
		catch (ValidationException ex) {
			throw new IllegalStateException("Cannot validate " + protobuf.getDescriptorForType().getFullName()
					+ " against its buf.validate rules: " + ex.getMessage(), ex);
		}
		return result.isSuccess() ? null : invalidArgument(protobuf, result.getViolations());
	}

	private static StatusRuntimeException invalidArgument(Message message, List<Violation> violations) {
		BadRequest.Builder badRequest = BadRequest.newBuilder();
		List<String> described = new ArrayList<>();
		int detailBytes = 0;
		for (Violation violation : violations) {
			build.buf.validate.Violation proto = violation.toProto();
			FieldViolation field = FieldViolation.newBuilder()
				.setField(path(proto.getField()))
				.setReason(proto.getRuleId())
				.setDescription(proto.getMessage())
				.build();
			detailBytes += field.getSerializedSize();
			if (detailBytes <= MAX_DETAIL_BYTES) {
				badRequest.addFieldViolations(field);
			}
			if (described.size() < MAX_DESCRIBED) {
				described.add((field.getField().isEmpty() ? "" : field.getField() + ": ") + field.getDescription()
						+ " [" + field.getReason() + "]");
			}
		}
		StringBuilder description = new StringBuilder(message.getDescriptorForType().getName())
			.append(" is invalid: ")
			.append(String.join("; ", described));
		if (violations.size() > described.size()) {
			description.append("; and ").append(violations.size() - described.size()).append(" more");
		}
		if (badRequest.getFieldViolationsCount() < violations.size()) {
			description.append(" (the details list the first ")
				.append(badRequest.getFieldViolationsCount())
				.append(" of ")
				.append(violations.size())
				.append(')');
		}
		com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
			.setCode(Code.INVALID_ARGUMENT_VALUE)
			.setMessage(description.toString())
			.addDetails(Any.pack(badRequest.build()))
			.build();
		return StatusProto.toStatusRuntimeException(status);
	}

	/**
	 * Return a field path the way AIP-193 writes {@code BadRequest} fields:
	 * {@code address.city}, {@code tags[1]}, {@code labels["key"]}.
	 * @param path the path protovalidate reports
	 * @return the path as text, empty for a rule on the message itself
	 */
	static String path(FieldPath path) {
		StringBuilder text = new StringBuilder();
		for (FieldPathElement element : path.getElementsList()) {
			if (!text.isEmpty()) {
				text.append('.');
			}
			text.append(element.getFieldName());
			switch (element.getSubscriptCase()) {
				case INDEX -> text.append('[').append(element.getIndex()).append(']');
				case BOOL_KEY -> text.append('[').append(element.getBoolKey()).append(']');
				case INT_KEY -> text.append('[').append(element.getIntKey()).append(']');
				case UINT_KEY -> text.append('[').append(Long.toUnsignedString(element.getUintKey())).append(']');
				case STRING_KEY -> text.append("[\"").append(element.getStringKey()).append("\"]");
				case SUBSCRIPT_NOT_SET -> {
				}
			}
		}
		return text.toString();
	}

}
