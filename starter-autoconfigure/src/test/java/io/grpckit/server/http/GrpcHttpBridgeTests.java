package io.grpckit.server.http;

import java.util.List;

import io.grpc.Server;
import io.grpc.Status;
import io.grpckit.testsupport.Calls;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's channel to its in-process server: built by the first HTTP call, not at
 * start-up (issue 21: nothing the first call does not need), and closed with the bridge.
 */
class GrpcHttpBridgeTests {

	private final GrpcHttpBridge bridge = new GrpcHttpBridge(List.of());

	private final Server server = this.bridge.createServer(List.of(new EchoService().bindService()));

	@AfterEach
	void stop() {
		this.bridge.destroy();
		this.server.shutdownNow();
	}

	@Test
	void theChannelIsBuiltByTheFirstCall() throws Exception {
		this.server.start();
		assertThat(this.bridge.channelBuilt()).isFalse();
		assertThat(Calls.echo(this.bridge.channel()).unary(Calls.request("hello")).getText()).isEqualTo("hello");
		assertThat(this.bridge.channelBuilt()).isTrue();
		assertThat(Calls.echo(this.bridge.channel()).unary(Calls.request("again")).getText()).isEqualTo("again");
	}

	@Test
	void aCallAfterTheBridgeClosedFailsAsOnAClosedChannel() throws Exception {
		this.server.start();
		Calls.echo(this.bridge.channel()).unary(Calls.request("hello"));
		this.bridge.destroy();
		assertThat(Calls.failure(() -> Calls.echo(this.bridge.channel()).unary(Calls.request("late"))).getCode())
			.isEqualTo(Status.Code.UNAVAILABLE);
	}

	@Test
	void aFirstCallAfterTheBridgeClosedFailsToo() throws Exception {
		this.server.start();
		this.bridge.destroy();
		assertThat(Calls.failure(() -> Calls.echo(this.bridge.channel()).unary(Calls.request("late"))).getCode())
			.isEqualTo(Status.Code.UNAVAILABLE);
	}

}
