package io.grpckit.server.autoconfigure;

import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.FailureAnalyses;
import io.grpckit.testsupport.GrpcServerTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code grpckit.server.*} value out of range fails start-up with Boot's binding
 * description, which names the property, the value and the allowed range, instead of a
 * grpc-java exception at build time or a silent misbehaviour (a negative grace period cut
 * every call at shutdown). Boot shows the bound value: a duration as {@code PT-5S}, a size
 * in bytes.
 */
@ExtendWith(OutputCaptureExtension.class)
class GrpcServerPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			grpckit.server.port                                  | -1    | -1          | must be between 0 and 65535
			grpckit.server.port                                  | 65536 | 65536       | must be between 0 and 65535
			grpckit.server.shutdown.grace-period                 | -5s   | PT-5S       | must be at least 0s
			grpckit.server.shutdown.quiet-period                 | -1s   | PT-1S       | must be at least 0s
			grpckit.server.inbound.message.max-size              | 2GB   | 2147483648B | must be between 0B and 2147483647B
			grpckit.server.inbound.metadata.max-size             | 0B    | 0B          | must be between 1B and 2147483647B
			grpckit.server.keepalive.time                        | 0s    | PT0S        | must be greater than 0s
			grpckit.server.keepalive.timeout                     | -1s   | PT-1S       | must be greater than 0s
			grpckit.server.keepalive.permit.time                 | -1s   | PT-1S       | must be at least 0s
			grpckit.server.keepalive.connection.max-idle-time    | 0s    | PT0S        | must be greater than 0s
			grpckit.server.keepalive.connection.max-age          | -1s   | PT-1S       | must be greater than 0s
			grpckit.server.keepalive.connection.grace-period     | -1s   | PT-1S       | must be at least 0s
			grpckit.server.connection.max-concurrent-calls       | 0     | 0           | must be at least 1
			grpckit.server.connection.max-resets-per-window      | 0     | 0           | must be at least 1
			grpckit.server.connection.reset-window               | 500ms | PT0.5S      | must be at least 1s
			grpckit.server.connection.flow-control-window        | 0B    | 0B          | must be between 1B and 2147483647B
			grpckit.server.connection.handshake-timeout          | 0s    | PT0S        | must be greater than 0s
			grpckit.server.connection.max-connections            | 0     | 0           | must be at least 1
			grpckit.server.outbound.buffer.max-size              | 0B    | 0B          | must be at least 1
			grpckit.server.outbound.buffer.max-size-per-connection | 0B  | 0B          | must be at least 1
			grpckit.server.outbound.buffer.max-wait              | 0s    | PT0S        | must be greater than 0s
			grpckit.server.executor.max-threads                  | 0     | 0           | must be at least 1
			grpckit.server.executor.keep-alive                   | -1s   | PT-1S       | must be at least 0s
			grpckit.server.executor.non-blocking.warn-after      | 0ms   | PT0S        | must be greater than 0s
			""")
	void valueOutOfRangeFailsStartupNamingThePropertyAndTheRange(String property, String value, String shown,
			String reason) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: " + property)
				.contains("Value: \"" + shown + "\"")
				.contains("Reason: " + reason);
		});
	}

	@Test
	void everyBadValueIsReportedAtOnce() {
		this.runner.withPropertyValues("grpckit.server.port=-1", "grpckit.server.shutdown.grace-period=-5s")
			.run((context) -> assertThat(FailureAnalyses.analyze(context.getStartupFailure()).getDescription())
				.contains("Property: grpckit.server.port")
				.contains("Property: grpckit.server.shutdown.grace-period"));
	}

	@Test
	void boundariesAreAccepted() {
		this.runner
			.withPropertyValues("grpckit.server.shutdown.grace-period=0s", "grpckit.server.shutdown.quiet-period=0s",
					"grpckit.server.keepalive.permit.time=0s", "grpckit.server.connection.max-concurrent-calls=1",
					"grpckit.server.connection.max-resets-per-window=1", "grpckit.server.connection.reset-window=1s",
					"grpckit.server.executor.max-threads=1", "grpckit.server.inbound.message.max-size=0B")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void applicationFailedToStartNamesThePropertyValueAndRange(CapturedOutput output) {
		FailureAnalysis analysis = FailureAnalyses.ofStartup(GrpcServerTestApplication.class,
				"grpckit.server.port=0", "grpckit.server.shutdown.grace-period=-5s");
		assertThat(analysis.getAction()).contains("Update your application's configuration");
		// what the operator sees on the console, printed by Boot's failure analysis reporter
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: grpckit.server.shutdown.grace-period")
			.contains("Value: \"PT-5S\"")
			.contains("Reason: must be at least 0s");
	}

}
