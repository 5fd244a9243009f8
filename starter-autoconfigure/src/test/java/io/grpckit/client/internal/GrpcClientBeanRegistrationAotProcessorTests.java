package io.grpckit.client.internal;

import io.grpc.ManagedChannel;
import io.grpckit.client.GrpcClient;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.FloodGrpc;
import io.grpckit.test.proto.OrderedEchoGrpc;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The hints {@link GrpcClientBeanRegistrationAotProcessor} gives each way of getting a stub,
 * checked on the processor alone: other libraries on the test class path (Spring gRPC)
 * contribute stub hints of their own to a whole context.
 */
class GrpcClientBeanRegistrationAotProcessorTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	private final GrpcClientBeanRegistrationAotProcessor processor = new GrpcClientBeanRegistrationAotProcessor();

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
			.anyMatch(GrpcClientBeanRegistrationAotProcessor.class::isInstance);
	}

	@Test
	void grpcClientFieldsAreAccessibleAndTheirStubsCreatable() {
		this.beanFactory.registerBeanDefinition("fieldClient", new RootBeanDefinition(FieldClient.class));
		RuntimeHints hints = hintsFor("fieldClient");
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(FieldClient.class, "stub")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(FieldClient.class, "channel")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(OrderedEchoGrpc.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
	}

	@Test
	void grpcClientParametersOfABeanMethodGetTheirStubsCreatable() {
		this.beanFactory.registerBeanDefinition("configuration", new RootBeanDefinition(Configuration.class));
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setFactoryBeanName("configuration");
		definition.setUniqueFactoryMethodName("floodClient");
		this.beanFactory.registerBeanDefinition("floodClient", definition);
		RuntimeHints hints = hintsFor("floodClient");
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(FloodGrpc.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
	}

	@Test
	void aStubBeanGetsItsFactory() {
		this.beanFactory.registerBeanDefinition("echo.EchoBlockingStub",
				new RootBeanDefinition(EchoGrpc.EchoBlockingStub.class));
		RuntimeHints hints = hintsFor("echo.EchoBlockingStub");
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(EchoGrpc.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
	}

	@Test
	void aBeanWithoutStubsGetsNothing() {
		this.beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(Configuration.class));
		assertThat(this.processor.processAheadOfTime(RegisteredBean.of(this.beanFactory, "plain"))).isNull();
	}

	private RuntimeHints hintsFor(String beanName) {
		BeanRegistrationAotContribution contribution = this.processor
			.processAheadOfTime(RegisteredBean.of(this.beanFactory, beanName));
		assertThat(contribution).isNotNull();
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(GrpcClientBeanRegistrationAotProcessorTests.class)),
				new InMemoryGeneratedFiles());
		contribution.applyTo(generation, mock(BeanRegistrationCode.class));
		return generation.getRuntimeHints();
	}

	static class FieldClient {

		@GrpcClient("ordered")
		OrderedEchoGrpc.OrderedEchoStub stub;

		@GrpcClient("ordered")
		ManagedChannel channel;

	}

	static class Configuration {

		String floodClient(@GrpcClient("flood") FloodGrpc.FloodBlockingStub flood) {
			return flood.toString();
		}

	}

}
