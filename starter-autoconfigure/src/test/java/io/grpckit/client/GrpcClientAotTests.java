package io.grpckit.client;

import java.util.Map;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpckit.client.internal.GrpcClientInjectionPostProcessor;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.FloodGrpc;
import io.grpckit.test.proto.OrderedEchoGrpc;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A context with every way of getting a stub, processed by Spring AOT as at build time: the
 * processing succeeds ({@code @EnableGrpcClients} bean definitions have no instance supplier
 * lambda that AOT cannot write as code), with the kit's hints processor found in
 * {@code META-INF/spring/aot.factories}.
 */
class GrpcClientAotTests {

	@Test
	void processingAheadOfTimeSucceedsWithEveryWayOfGettingAStub() throws Exception {
		DefaultGenerationContext generation = processAheadOfTime(StubsConfiguration.class);
		// the hints of each stub are GrpcClientBeanRegistrationAotProcessorTests' (Spring gRPC, on
		// the test class path, adds stub hints of its own to a whole context)
		RuntimeHints hints = generation.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(FieldClient.class, "stub")).accepts(hints);
		assertThat(generatedSources(generation)).as("the stub bean is made by its factory method")
			.contains("createStub");
	}

	private static DefaultGenerationContext processAheadOfTime(Class<?> configuration) {
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(GrpcClientAotTests.class)),
				new InMemoryGeneratedFiles());
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.register(configuration);
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		}
		generation.writeGeneratedContent();
		return generation;
	}

	private static String generatedSources(DefaultGenerationContext generation) throws Exception {
		StringBuilder sources = new StringBuilder();
		InMemoryGeneratedFiles files = (InMemoryGeneratedFiles) generation.getGeneratedFiles();
		for (Map.Entry<String, InputStreamSource> file : files.getGeneratedFiles(Kind.SOURCE).entrySet()) {
			sources.append(files.getGeneratedFileContent(Kind.SOURCE, file.getKey()));
		}
		return sources.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableGrpcClients(channel = "echo", types = EchoGrpc.EchoBlockingStub.class)
	static class StubsConfiguration {

		@Bean
		static GrpcClientInjectionPostProcessor grpcClientInjectionPostProcessor() {
			return new GrpcClientInjectionPostProcessor();
		}

		@Bean
		GrpcChannelFactory grpcChannelFactory() {
			return new GrpcChannelFactory() {

				@Override
				public ManagedChannel createChannel(String name) {
					return InProcessChannelBuilder.forName(name).directExecutor().build();
				}

				@Override
				public Map<String, ManagedChannel> getChannels() {
					return Map.of();
				}

			};
		}

		@Bean
		FieldClient fieldClient() {
			return new FieldClient();
		}

		@Bean
		String floodClient(@GrpcClient("flood") FloodGrpc.FloodBlockingStub flood) {
			return flood.toString();
		}

	}

	static class FieldClient {

		@GrpcClient("ordered")
		OrderedEchoGrpc.OrderedEchoStub stub;

		@GrpcClient("ordered")
		ManagedChannel channel;

	}

}
