package io.grpckit.demo.greeter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ServerTimingServerInterceptorTests {

	@ParameterizedTest
	@CsvSource({ "0, call;dur=0.00", "4999, call;dur=0.00", "5000, call;dur=0.01", "90000, call;dur=0.09",
			"1270000, call;dur=1.27", "1004999, call;dur=1.00", "1995000, call;dur=2.00",
			"12345678901, call;dur=12345.68", "-1, call;dur=0.00" })
	void durationIsMillisecondsWithTwoDecimalsRounded(long nanos, String expected) {
		assertThat(ServerTimingServerInterceptor.serverTiming(nanos)).isEqualTo(expected);
	}

}
