package io.grpckit.server.autoconfigure.admin;

import java.util.Map;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.channelz.v1.ChannelzGrpc;
import io.grpc.channelz.v1.GetServersRequest;
import io.grpc.channelz.v1.GetServersResponse;
import io.grpc.protobuf.services.ChannelzService;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.admin.GrpcAdminServer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.ValidatedBinding;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link GrpcAdminAutoConfiguration}: channelz asked over the wire with a stub.
 */
class GrpcAdminAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcAdminAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void channelzAnswersOnTheServerWhenEnabled() {
		this.runner.withPropertyValues("grpckit.server.admin.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(ChannelzService.class).doesNotHaveBean(GrpcAdminServer.class);
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			GetServersResponse servers = getServers(port);
			assertThat(servers.getServerList()).isNotEmpty();
			assertThat(servers.getServerList())
				.anySatisfy((server) -> assertThat(server.getListenSocketList()).isNotEmpty());
		});
	}

	@Test
	void channelzIsUnimplementedByDefault() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(ChannelzService.class).doesNotHaveBean(GrpcAdminServer.class);
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> getServers(port))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
		});
	}

	@Test
	void separateAdminPortServesChannelzAndTheApplicationPortDoesNot() {
		this.runner.withPropertyValues("grpckit.server.admin.enabled=true", "grpckit.server.admin.port=0")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ChannelzService.class);
				GrpcAdminServer admin = context.getBean(GrpcAdminServer.class);
				int appPort = context.getBean(GrpcServerLifecycle.class).getPort();
				assertThat(admin.getPort()).isPositive().isNotEqualTo(appPort);
				// channelz lists every server of the process, the application's included
				assertThat(getServers(admin.getPort()).getServerList()).hasSizeGreaterThanOrEqualTo(2);
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> getServers(appPort))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
			});
	}

	@Test
	void adminServerStopsWithTheContext() {
		GrpcAdminServer[] admin = new GrpcAdminServer[1];
		this.runner.withPropertyValues("grpckit.server.admin.enabled=true", "grpckit.server.admin.port=0")
			.run((context) -> admin[0] = context.getBean(GrpcAdminServer.class));
		assertThat(admin[0].isRunning()).isFalse();
	}

	@Test
	void backsOffForUserChannelz() {
		ChannelzService user = ChannelzService.newInstance(10);
		this.runner.withPropertyValues("grpckit.server.admin.enabled=true")
			.withBean(ChannelzService.class, () -> user)
			.run((context) -> assertThat(context.getBean(ChannelzService.class)).isSameAs(user));
	}

	@Test
	void offWhenServerIsDisabled() {
		this.runner.withPropertyValues("grpckit.server.admin.enabled=true", "grpckit.server.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcAdminServer.class)
				.doesNotHaveBean("grpckitChannelzService"));
	}

	@Test
	void offWithoutGrpcServices() {
		this.runner.withPropertyValues("grpckit.server.admin.enabled=true")
			.withClassLoader(new FilteredClassLoader(ChannelzService.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcAdminServer.class)
				.doesNotHaveBean("grpckitChannelzService"));
	}

	private static GetServersResponse getServers(int port) {
		ManagedChannel channel = Channels.loopback(port);
		try {
			return ChannelzGrpc.newBlockingStub(channel).getServers(GetServersRequest.getDefaultInstance());
		}
		finally {
			Channels.close(channel);
		}
	}

	@Test
	void portOutOfRangeIsRejectedAtBinding() {
		assertThat(ValidatedBinding.rejected("grpckit.server.admin", new GrpcAdminProperties(),
				Map.of("grpckit.server.admin.port", "70000")))
			.containsExactly("grpckit.server.admin.port: must be between 0 and 65535 (0 binds a free port)");
	}

}
