package io.grpckit.server.http;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/**
 * The deadline headers HTTP callers send: gRPC's {@code grpc-timeout} (transcoding and
 * gRPC-Web) and Connect's {@code connect-timeout-ms}.
 */
final class Timeouts {

	private Timeouts() {
	}

	/**
	 * Parse a {@code grpc-timeout} value: up to 8 digits and a unit (H, M, S, m, u, n).
	 * @param value the header value, or {@code null}
	 * @return the timeout, or {@code null} without the header
	 * @throws IllegalArgumentException with a readable message when the value is malformed
	 */
	static @Nullable Duration grpcTimeout(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.length() < 2 || trimmed.length() > 9 || !digits(trimmed.substring(0, trimmed.length() - 1))) {
			throw malformed("grpc-timeout", value, "up to 8 digits and a unit H, M, S, m, u or n");
		}
		long amount = Long.parseLong(trimmed.substring(0, trimmed.length() - 1));
		ChronoUnit unit = switch (trimmed.charAt(trimmed.length() - 1)) {
			case 'H' -> ChronoUnit.HOURS;
			case 'M' -> ChronoUnit.MINUTES;
			case 'S' -> ChronoUnit.SECONDS;
			case 'm' -> ChronoUnit.MILLIS;
			case 'u' -> ChronoUnit.MICROS;
			case 'n' -> ChronoUnit.NANOS;
			default -> throw malformed("grpc-timeout", value, "up to 8 digits and a unit H, M, S, m, u or n");
		};
		return Duration.of(amount, unit);
	}

	/**
	 * Parse a {@code connect-timeout-ms} value: up to 10 digits of milliseconds.
	 * @param value the header value, or {@code null}
	 * @return the timeout, or {@code null} without the header
	 * @throws IllegalArgumentException with a readable message when the value is malformed
	 */
	static @Nullable Duration connectTimeout(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.isEmpty() || trimmed.length() > 10 || !digits(trimmed)) {
			throw malformed("connect-timeout-ms", value, "up to 10 digits of milliseconds");
		}
		return Duration.ofMillis(Long.parseLong(trimmed));
	}

	private static boolean digits(String text) {
		return !text.isEmpty() && text.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	private static IllegalArgumentException malformed(String header, String value, String expected) {
		return new IllegalArgumentException(header + ": \"" + value + "\" (expected: " + expected + ")");
	}

}
