package io.grpckit.testsupport;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Binds a self-validating properties class the way Spring Boot binds
 * {@code @ConfigurationProperties}: the instance is its own validator, run after binding.
 * For unit tests of the checks without a context.
 */
public final class ValidatedBinding {

	private ValidatedBinding() {
	}

	/**
	 * Bind and validate.
	 * @param <T> the properties type
	 * @param prefix the properties prefix, e.g. {@code grpckit.client}
	 * @param properties a fresh instance to bind into
	 * @param entries the property values
	 * @return the bound instance
	 * @throws BindException if a value cannot be bound or is rejected
	 */
	public static <T extends Validator> T bind(String prefix, T properties, Map<String, String> entries) {
		Binder binder = new Binder(new MapConfigurationPropertySource(entries));
		binder.bind(prefix, Bindable.ofInstance(properties), new ValidationBindHandler(properties));
		return properties;
	}

	/**
	 * Bind, expect the validation to fail, and return the rejected values.
	 * @param prefix the properties prefix
	 * @param properties a fresh instance to bind into
	 * @param entries the property values
	 * @return one {@code property: reason} line per rejected value
	 */
	public static List<String> rejected(String prefix, Validator properties, Map<String, String> entries) {
		BindException failure = catchThrowableOfType(BindException.class, () -> bind(prefix, properties, entries));
		assertThat(failure).as("binding fails").isNotNull();
		assertThat(failure.getCause()).isInstanceOf(BindValidationException.class);
		return ((BindValidationException) failure.getCause()).getValidationErrors()
			.getAllErrors()
			.stream()
			.map((error) -> ((error instanceof FieldError field) ? field.getObjectName() + "." + field.getField()
					: error.getObjectName()) + ": " + error.getDefaultMessage())
			.toList();
	}

}
