package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of gRPC client channels, bound from {@code grpckit.client.*}.
 * <p>
 * Each channel is configured under {@code grpckit.client.channel.<name>.*}; the entry
 * named {@code default} holds values that every channel inherits unless it sets its own.
 * The shape mirrors Spring Boot's {@code spring.grpc.client.channel.<name>.*}. Spring Boot
 * validates the values right after binding (this class is its own {@link Validator}): a
 * value out of range fails start-up naming the property.
 */
@ConfigurationProperties("grpckit.client")
public class GrpcClientProperties implements Validator {

	/** Name of the channel whose values every other channel inherits. */
	public static final String DEFAULT_CHANNEL = "default";

	/**
	 * Whether to enable the gRPC client auto-configuration.
	 */
	private boolean enabled = true;

	/**
	 * Channels by name. The channel named 'default' holds values inherited by all others.
	 */
	private final Map<String, ChannelProperties> channel = new LinkedHashMap<>();

	private final Shutdown shutdown = new Shutdown();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, ChannelProperties> getChannel() {
		return this.channel;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	/**
	 * Return the values for the named channel: its own values, completed by those of the
	 * 'default' channel as {@link ChannelProperties} describes.
	 * @param name the channel name
	 * @return the merged channel values, never {@code null}
	 */
	ChannelProperties resolve(String name) {
		ChannelProperties defaults = this.channel.getOrDefault(DEFAULT_CHANNEL, new ChannelProperties());
		ChannelProperties own = this.channel.get(name);
		return (own != null && own != defaults) ? own.mergedOver(defaults) : defaults;
	}

	@Override
	public boolean supports(Class<?> type) {
		return GrpcClientProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		ClientPropertiesChecks.check((GrpcClientProperties) target, errors);
	}

	/**
	 * Channel shutdown at application context close.
	 */
	public static class Shutdown {

		/**
		 * Time to wait for calls in flight after shutdown() before channels are shut down
		 * forcibly.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration gracePeriod = Duration.ofSeconds(10);

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

}
