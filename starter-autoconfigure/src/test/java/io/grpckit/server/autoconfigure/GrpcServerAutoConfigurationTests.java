package io.grpckit.server.autoconfigure;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServiceDiscoverer;
import io.grpckit.server.GrpcServiceThreadPool;
import io.grpckit.server.autoconfigure.reflection.GrpcServerReflectionAutoConfiguration;
import io.grpckit.server.error.ExceptionMappingServerInterceptor;
import io.grpckit.server.interceptor.CompressionServerInterceptor;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.server.interceptor.RequestIdServerInterceptor;
import io.grpckit.server.interceptor.ResponseCompression;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.FailureAnalyses;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcServerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerReflectionAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void defaultsPresentAndServing() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcServerLifecycle.class)
				.hasSingleBean(GrpcServiceDiscoverer.class)
				.hasSingleBean(RequestIdServerInterceptor.class)
				.hasSingleBean(ExceptionMappingServerInterceptor.class)
				.hasSingleBean(CompressionServerInterceptor.class)
				.hasBean("grpckitNettyServerFactory")
				.doesNotHaveBean("grpckitInProcessServerFactory");
			GrpcServerLifecycle lifecycle = context.getBean(GrpcServerLifecycle.class);
			assertThat(lifecycle.isRunning()).isTrue();
			assertThat(lifecycle.getPort()).isPositive();
			assertThat(context.getEnvironment().getProperty("local.grpckit.server.port", Integer.class))
				.isEqualTo(lifecycle.getPort());
			assertThat(lifecycle.getServiceNames()).contains("grpckit.test.Echo", "grpc.reflection.v1.ServerReflection",
					"grpc.reflection.v1alpha.ServerReflection");
		});
	}

	@Test
	void keepsTheJvmAliveWhileServingWithoutAWebServer() {
		// other servers may run in this JVM (cached test contexts): watch only this context's thread
		Set<Thread> before = awaitThreads();
		Set<Thread> ours = new HashSet<>();
		this.runner.run((context) -> {
			ours.addAll(awaitThreads());
			ours.removeAll(before);
			assertThat(ours).singleElement().satisfies((thread) -> assertThat(thread.isDaemon()).isFalse());
		});
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(5))
			.until(() -> ours.stream().noneMatch(Thread::isAlive));
	}

	private static Set<Thread> awaitThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("grpckit-server-await") && thread.isAlive())
			.collect(Collectors.toSet());
	}

	@Test
	void defaultPropertiesMatchBootShape() {
		this.runner.run((context) -> {
			GrpcServerProperties properties = context.getBean(GrpcServerProperties.class);
			assertThat(properties.getInbound().getMessage().getMaxSize().toBytes()).isEqualTo(4 * 1024 * 1024);
			assertThat(properties.getShutdown().getGracePeriod()).hasSeconds(30);
			assertThat(properties.getCompression().getResponse()).isEqualTo(ResponseCompression.MIRROR);
		});
	}

	@Test
	void backsOffForUserBeans() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context.getBean(GrpcServiceDiscoverer.class)).isSameAs(UserBeans.discoverer);
			assertThat(context.getBean(RequestIdServerInterceptor.class)).isSameAs(UserBeans.requestId);
			assertThat(context.getBean(CompressionServerInterceptor.class)).isSameAs(UserBeans.compression);
		});
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("grpckit.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerLifecycle.class)
				.doesNotHaveBean(GrpcServerProperties.class));
	}

	@Test
	void offWithoutGrpc() {
		this.runner.withClassLoader(new FilteredClassLoader(Server.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerLifecycle.class));
	}

	@Test
	void noNetworkServerWithoutNetty() {
		this.runner.withClassLoader(new FilteredClassLoader(NettyServerBuilder.class))
			.withPropertyValues("grpckit.server.inprocess.name=no-netty")
			.run((context) -> {
				assertThat(context).doesNotHaveBean("grpckitNettyServerFactory").hasBean("grpckitInProcessServerFactory");
				assertThat(context.getBean(GrpcServerLifecycle.class).getPort()).isEqualTo(-1);
			});
	}

	@Test
	void offWithoutServices() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerLifecycle.class));
	}

	@Test
	void oneServiceServedByTwoBeansFailsStartup() {
		this.runner.withBean("anotherEcho", EchoService.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("grpckit.test.Echo is implemented by two beans");
		});
	}

	@Test
	void inProcessServerBesideNetworkServer() {
		String name = InProcessServerBuilder.generateName();
		this.runner.withPropertyValues("grpckit.server.inprocess.name=" + name).run((context) -> {
			assertThat(context.getBean(GrpcServerLifecycle.class).getServers()).hasSize(2);
			assertThat(callInProcess(name)).isEqualTo("in-process");
		});
	}

	@Test
	void exclusiveInProcessServerOpensNoPort() {
		String name = InProcessServerBuilder.generateName();
		this.runner.withPropertyValues("grpckit.server.inprocess.name=" + name, "grpckit.server.inprocess.exclusive=true")
			.run((context) -> {
				assertThat(context).doesNotHaveBean("grpckitNettyServerFactory");
				assertThat(context.getBean(GrpcServerLifecycle.class).getPort()).isEqualTo(-1);
				assertThat(callInProcess(name)).isEqualTo("in-process");
			});
	}

	@Test
	void portPropertyBindsThatPort() throws Exception {
		int free;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			free = socket.getLocalPort();
		}
		this.runner.withPropertyValues("grpckit.server.port=" + free, "grpckit.server.address=127.0.0.1")
			.run((context) -> {
				assertThat(context.getBean(GrpcServerLifecycle.class).getPort()).isEqualTo(free);
				assertThat(context.getBean(GrpcServerLifecycle.class).getServers().get(0).getListenSockets().toString())
					.contains("127.0.0.1");
			});
	}

	@Test
	void reflectionCanBeSwitchedOff() {
		this.runner.withPropertyValues("grpckit.server.reflection.enabled=false")
			.run((context) -> assertThat(context.getBean(GrpcServerLifecycle.class).getServiceNames())
				.containsExactly("grpckit.test.Echo"));
	}

	@Test
	void serviceCodeRunsOnTheBoundedThreadPoolByDefault() {
		this.runner.run((context) -> {
			callNetwork(context.getBean(GrpcServerLifecycle.class).getPort());
			assertThat(context.getBean(EchoService.class).threads()).allMatch((name) -> name.startsWith("grpc-service-"));
			assertThat(context.getBean(GrpcServiceThreadPool.class).getMaxThreads()).isEqualTo(200);
		});
	}

	@Test
	void threadPoolPropertiesShapeThePool() {
		this.runner.withPropertyValues("grpckit.server.executor.max-threads=3", "grpckit.server.executor.keep-alive=5")
			.run((context) -> {
				ThreadPoolExecutor executor = (ThreadPoolExecutor) context.getBean(GrpcServiceThreadPool.class)
					.executor();
				assertThat(executor.getMaximumPoolSize()).isEqualTo(3);
				assertThat(executor.getCorePoolSize()).isEqualTo(Math.min(3, Runtime.getRuntime().availableProcessors()));
				assertThat(executor.getKeepAliveTime(TimeUnit.SECONDS)).isEqualTo(5);
			});
	}

	@Test
	void invalidThreadPoolSizeFailsStartUp() {
		this.runner.withPropertyValues("grpckit.server.executor.max-threads=0")
			.run((context) -> assertThat(FailureAnalyses.analyze(context.getStartupFailure()).getDescription())
				.contains("Property: grpckit.server.executor.max-threads")
				.contains("Reason: must be at least 1"));
	}

	@Test
	void threadPoolStopsWhenTheContextCloses() {
		AtomicReference<ThreadPoolExecutor> executor = new AtomicReference<>();
		this.runner.run((context) -> {
			callNetwork(context.getBean(GrpcServerLifecycle.class).getPort());
			executor.set((ThreadPoolExecutor) context.getBean(GrpcServiceThreadPool.class).executor());
			assertThat(executor.get().isShutdown()).isFalse();
		});
		assertThat(executor.get().isShutdown()).isTrue();
	}

	@Test
	void threadPoolMetersAreBoundWhenThePoolIsUsed() {
		this.runner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean("grpckitServiceThreadPoolMetrics", MeterBinder.class).bindTo(registry);
			assertThat(registry.get("executor.pool.max").tag("name", "grpc.service").gauge().value()).isEqualTo(200);
			assertThat(registry.find("executor.queued").tag("name", "grpc.service").gauge()).isNotNull();
		});
	}

	@Test
	void noThreadPoolMetersWhenAnotherExecutorRunsServiceCode() {
		this.runner.withUserConfiguration(NamedExecutor.class)
			.withPropertyValues("grpckit.server.executor.bean-name=grpcWorkers")
			.run((context) -> {
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBean("grpckitServiceThreadPoolMetrics", MeterBinder.class).bindTo(registry);
				assertThat(registry.find("executor.pool.max").gauges()).isEmpty();
			});
	}

	@Test
	void executorBeanRunsServiceCode() {
		this.runner.withUserConfiguration(NamedExecutor.class)
			.withPropertyValues("grpckit.server.executor.bean-name=grpcWorkers")
			.run((context) -> {
				callNetwork(context.getBean(GrpcServerLifecycle.class).getPort());
				assertThat(context.getBean(EchoService.class).threads()).allMatch((name) -> name.startsWith("workers-"));
			});
	}

	@Test
	void virtualThreadsNeedJava21() {
		boolean java21 = Runtime.version().feature() >= 21;
		this.runner.withPropertyValues("grpckit.server.executor.virtual-threads=true").run((context) -> {
			if (java21) {
				callNetwork(context.getBean(GrpcServerLifecycle.class).getPort());
				assertThat(context.getBean(EchoService.class).threads()).allMatch((name) -> name.startsWith("grpc-virtual-"));
			}
			else {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("Java 21");
			}
		});
	}

	@Test
	void userCustomizersApplyAfterProperties() {
		this.runner.withBean(GrpcServerBuilderCustomizer.class, () -> (builder) -> builder.maxInboundMessageSize(10))
			.withPropertyValues("grpckit.server.inbound.message.max-size=1MB")
			.run((context) -> {
				ManagedChannel channel = Channels.loopback(context.getBean(GrpcServerLifecycle.class).getPort());
				try {
					assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> EchoGrpc.newBlockingStub(channel)
						.unary(EchoRequest.newBuilder().setText("more than ten bytes").build())))
						.hasMessageContaining("RESOURCE_EXHAUSTED");
				}
				finally {
					Channels.close(channel);
				}
			});
	}

	private static String callInProcess(String name) {
		ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		try {
			return EchoGrpc.newBlockingStub(channel).unary(EchoRequest.newBuilder().setText("in-process").build()).getText();
		}
		finally {
			channel.shutdownNow();
		}
	}

	private static void callNetwork(int port) {
		ManagedChannel channel = Channels.loopback(port);
		try {
			EchoGrpc.newBlockingStub(channel).unary(EchoRequest.newBuilder().setText("hi").build());
		}
		finally {
			Channels.close(channel);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static GrpcServiceDiscoverer discoverer;

		static RequestIdServerInterceptor requestId = new RequestIdServerInterceptor();

		static CompressionServerInterceptor compression = new CompressionServerInterceptor(ResponseCompression.NEVER);

		@Bean
		GrpcServiceDiscoverer userDiscoverer(org.springframework.beans.factory.ListableBeanFactory beanFactory) {
			discoverer = new GrpcServiceDiscoverer(beanFactory);
			return discoverer;
		}

		@Bean
		@GlobalServerInterceptor
		RequestIdServerInterceptor userRequestId() {
			return requestId;
		}

		@Bean
		@GlobalServerInterceptor
		CompressionServerInterceptor userCompression() {
			return compression;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NamedExecutor {

		@Bean(destroyMethod = "shutdown")
		java.util.concurrent.ExecutorService grpcWorkers() {
			return Executors.newFixedThreadPool(2, (task) -> new Thread(task, "workers-" + System.nanoTime()));
		}

	}


}
