package io.grpckit.client.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Retry and hedging throttling of a channel, which stops retries while too many calls
 * fail, {@code grpckit.client.channel.<name>.retry-throttling.*}. Set both values or
 * none.
 */
public class ChannelRetryThrottlingProperties {

	/**
	 * Token bucket size, in (0, 1000]. Each failure takes one token; retries stop while the
	 * bucket is at half or below.
	 */
	private @Nullable Double maxTokens;

	/**
	 * Tokens each success puts back, greater than 0.
	 */
	private @Nullable Double tokenRatio;

	public @Nullable Double getMaxTokens() {
		return this.maxTokens;
	}

	public void setMaxTokens(@Nullable Double maxTokens) {
		this.maxTokens = maxTokens;
	}

	public @Nullable Double getTokenRatio() {
		return this.tokenRatio;
	}

	public void setTokenRatio(@Nullable Double tokenRatio) {
		this.tokenRatio = tokenRatio;
	}

}
