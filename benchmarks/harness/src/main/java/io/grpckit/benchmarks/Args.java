package io.grpckit.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --key=value} and {@code --flag} arguments; everything else is positional.
 */
public final class Args {

	private final Map<String, String> options;

	private final List<String> positional;

	private Args(Map<String, String> options, List<String> positional) {
		this.options = options;
		this.positional = positional;
	}

	public static Args parse(String[] arguments) {
		Map<String, String> options = new LinkedHashMap<>();
		List<String> positional = new ArrayList<>();
		for (String argument : arguments) {
			if (argument.startsWith("--")) {
				int equals = argument.indexOf('=');
				if (equals < 0) {
					options.put(argument.substring(2), "true");
				}
				else {
					options.put(argument.substring(2, equals), argument.substring(equals + 1));
				}
			}
			else {
				positional.add(argument);
			}
		}
		return new Args(options, positional);
	}

	public boolean has(String key) {
		return this.options.containsKey(key);
	}

	public String value(String key, String defaultValue) {
		return this.options.getOrDefault(key, defaultValue);
	}

	public int intValue(String key, int defaultValue) {
		return has(key) ? Integer.parseInt(value(key, null)) : defaultValue;
	}

	public long bytes(String key, long defaultValue) {
		return has(key) ? parseBytes(value(key, null)) : defaultValue;
	}

	public Duration duration(String key, Duration defaultValue) {
		return has(key) ? parseDuration(value(key, null)) : defaultValue;
	}

	public boolean flag(String key) {
		return Boolean.parseBoolean(value(key, "false"));
	}

	public List<String> positional() {
		return this.positional;
	}

	/** {@code 500ms}, {@code 10s}, {@code 2m}; a bare number is seconds. */
	public static Duration parseDuration(String text) {
		String value = text.trim().toLowerCase();
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
		}
		if (value.endsWith("s")) {
			return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
		}
		if (value.endsWith("m")) {
			return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
		}
		return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
	}

	/** {@code 64MiB}, {@code 1GiB}, {@code 512KiB}, {@code 1000} bytes; MB/GB/KB are read as binary too. */
	public static long parseBytes(String text) {
		String value = text.trim().toUpperCase().replace("IB", "B");
		long unit = 1;
		if (value.endsWith("GB") || value.endsWith("G")) {
			unit = 1L << 30;
		}
		else if (value.endsWith("MB") || value.endsWith("M")) {
			unit = 1L << 20;
		}
		else if (value.endsWith("KB") || value.endsWith("K")) {
			unit = 1L << 10;
		}
		String number = value.replaceAll("[A-Z]+$", "");
		return Long.parseLong(number) * unit;
	}

}
