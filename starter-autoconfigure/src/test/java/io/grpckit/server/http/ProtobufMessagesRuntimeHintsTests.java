package io.grpckit.server.http;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import io.grpckit.test.http.proto.Author;
import io.grpckit.test.http.proto.Book;
import io.grpckit.test.http.proto.Genre;
import io.grpckit.test.http.proto.GetBookRequest;
import io.grpckit.test.http.proto.LibraryGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.test.proto.EchoRequestOrBuilder;
import io.grpckit.testsupport.EchoService;
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
 * The messages of served services are registered for protobuf's reflection (JSON,
 * {@code toString()}) in a native image: requests, responses, the messages, enums and
 * well-known types they reach, and builders.
 */
class ProtobufMessagesRuntimeHintsTests {

	@Test
	void messagesOfServedServicesAndWhatTheyReachAreRegistered() {
		RuntimeHints hints = processAheadOfTime();
		for (Class<?> type : new Class<?>[] { EchoRequest.class, EchoRequest.Builder.class, EchoReply.class,
				GetBookRequest.class, Book.class, Book.Builder.class, Author.class, Genre.class, Timestamp.class,
				Any.class }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(type)
				.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).as(type.getName()).accepts(hints);
		}
		// interfaces and abstract classes are skipped: only what protobuf calls is registered
		assertThat(RuntimeHintsPredicates.reflection().onType(EchoRequestOrBuilder.class)).rejects(hints);
	}

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
			.anyMatch(ProtobufMessagesBeanRegistrationAotProcessor.class::isInstance);
	}

	@Test
	void aBeanThatIsNoServiceGetsNothing() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(StringBuilder.class));
		assertThat(new ProtobufMessagesBeanRegistrationAotProcessor()
			.processAheadOfTime(RegisteredBean.of(beanFactory, "plain"))).isNull();
	}

	/** The processor alone: Spring gRPC, on the test class path, adds message hints of its own. */
	private static RuntimeHints processAheadOfTime() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("echo", new RootBeanDefinition(EchoService.class));
		beanFactory.registerBeanDefinition("library", new RootBeanDefinition(Library.class));
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(ProtobufMessagesRuntimeHintsTests.class)),
				new InMemoryGeneratedFiles());
		ProtobufMessagesBeanRegistrationAotProcessor processor = new ProtobufMessagesBeanRegistrationAotProcessor();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanRegistrationAotContribution contribution = processor
				.processAheadOfTime(RegisteredBean.of(beanFactory, name));
			assertThat(contribution).as(name).isNotNull();
			contribution.applyTo(generation, mock(BeanRegistrationCode.class));
		}
		return generation.getRuntimeHints();
	}

	static class Library extends LibraryGrpc.LibraryImplBase {

	}

}
