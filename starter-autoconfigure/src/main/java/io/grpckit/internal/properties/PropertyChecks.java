package io.grpckit.internal.properties;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * Range checks for the self-validation of {@code @ConfigurationProperties} classes: a class
 * that implements {@link org.springframework.validation.Validator} is validated by Spring
 * Boot right after binding, and every rejected value fails start-up with Boot's "Binding to
 * target ... failed" description: property, value and the reason given here, which names
 * the allowed range. No Bean Validation provider is needed.
 * <p>
 * Fields are given in their dashed form relative to the properties class, e.g.
 * {@code shutdown.grace-period}, so that the description names the property as it is
 * written. {@code null} values are unset and pass every check.
 */
public final class PropertyChecks {

	/** Largest size grpc-java accepts for a message, metadata or flow-control window. */
	public static final DataSize MAX_INT_SIZE = DataSize.ofBytes(Integer.MAX_VALUE);

	private PropertyChecks() {
	}

	/**
	 * Check that a whole number lies in {@code [min, max]}.
	 * @param errors the errors to add to
	 * @param field the dashed property path
	 * @param value the value
	 * @param min the smallest allowed value
	 * @param max the largest allowed value
	 * @param note extra text for the reason, or {@code ""}
	 */
	public static void range(Errors errors, String field, long value, long min, long max, String note) {
		if (value < min || value > max) {
			reject(errors, field, "must be between " + min + " and " + max + note);
		}
	}

	/**
	 * Check that a number is at least {@code min}.
	 * @param errors the errors to add to
	 * @param field the dashed property path
	 * @param value the value, {@code null} when unset
	 * @param min the smallest allowed value
	 */
	public static void atLeast(Errors errors, String field, @Nullable Number value, long min) {
		if (value != null && value.doubleValue() < min) {
			reject(errors, field, "must be at least " + min);
		}
	}

	/**
	 * Check that a duration is zero or positive.
	 * @param errors the errors to add to
	 * @param field the dashed property path
	 * @param value the value, {@code null} when unset
	 */
	public static void notNegative(Errors errors, String field, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			reject(errors, field, "must be at least 0s");
		}
	}

	/**
	 * Check that a duration is positive.
	 * @param errors the errors to add to
	 * @param field the dashed property path
	 * @param value the value, {@code null} when unset
	 */
	public static void positive(Errors errors, String field, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			reject(errors, field, "must be greater than 0s");
		}
	}

	/**
	 * Check that a duration is at least {@code min}.
	 * @param errors the errors to add to
	 * @param field the dashed property path
	 * @param value the value, {@code null} when unset
	 * @param min the shortest allowed duration
	 * @param minText the shortest allowed duration as written in a property, e.g. "1s"
	 */
	public static void atLeast(Errors errors, String field, @Nullable Duration value, Duration min, String minText) {
		if (value != null && value.compareTo(min) < 0) {
			reject(errors, field, "must be at least " + minText);
		}
	}

	/**
	 * Check that a size lies in {@code [min, 2GB)}, the range grpc-java takes as an int of
	 * bytes.
	 * @param errors the errors to add to
	 * @param field the dashed property path
	 * @param value the value, {@code null} when unset
	 * @param min the smallest allowed size in bytes
	 */
	public static void intSize(Errors errors, String field, @Nullable DataSize value, long min) {
		if (value != null && (value.toBytes() < min || value.compareTo(MAX_INT_SIZE) > 0)) {
			reject(errors, field, "must be between " + min + "B and " + MAX_INT_SIZE.toBytes() + "B (2GB - 1B)");
		}
	}

	/**
	 * Check that a text, when set, is not blank.
	 * @param errors the errors to add to
	 * @param field the dashed property path
	 * @param value the value, {@code null} when unset
	 */
	public static void notBlank(Errors errors, String field, @Nullable String value) {
		if (value != null && value.isBlank()) {
			reject(errors, field, "must not be blank");
		}
	}

	/**
	 * Reject a value with the given reason.
	 * @param errors the errors to add to
	 * @param field the dashed property path
	 * @param reason why the value is rejected, naming the allowed values
	 */
	public static void reject(Errors errors, String field, String reason) {
		errors.rejectValue(field, "grpckit.invalid", reason);
	}

}
