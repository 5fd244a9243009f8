package io.grpckit.server.autoconfigure.validation;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Validation of request messages against their buf.validate rules,
 * {@code grpckit.server.validation.*}. Needs build.buf:protovalidate.
 */
@ConfigurationProperties("grpckit.server.validation")
public class GrpcServerValidationProperties {

	/**
	 * Whether to validate every request message against the buf.validate rules of its proto
	 * before service code runs, when build.buf:protovalidate is on the class path.
	 */
	private boolean enabled = true;

	/**
	 * Methods whose requests are not validated: full method names, "package.Service/Method",
	 * where '*' matches any text ("package.Service/*").
	 */
	private List<String> excludeMethods = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getExcludeMethods() {
		return this.excludeMethods;
	}

	public void setExcludeMethods(List<String> excludeMethods) {
		this.excludeMethods = excludeMethods;
	}

}
