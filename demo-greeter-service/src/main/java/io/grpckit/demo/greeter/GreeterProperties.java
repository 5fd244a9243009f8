package io.grpckit.demo.greeter;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the greeter demo.
 */
@ConfigurationProperties("grpckit.demo.greeter")
public class GreeterProperties {

	/**
	 * Most names one SayHelloToAll call may send; the next one ends the call with
	 * RESOURCE_EXHAUSTED as soon as it arrives, so a flood of names is never buffered.
	 */
	private int maxNames = GreeterService.DEFAULT_MAX_NAMES;

	public int getMaxNames() {
		return this.maxNames;
	}

	public void setMaxNames(int maxNames) {
		this.maxNames = maxNames;
	}

}
