package io.grpckit.server;

import io.grpc.stub.StreamObserver;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading {@code @NonBlocking} off service classes and methods, through proxies too.
 */
class NonBlockingMethodsTests {

	@Test
	void protoNamesMapToTheJavaNamesGrpcJavaGenerates() {
		assertThat(NonBlockingMethods.javaName("SayHello")).isEqualTo("sayHello");
		assertThat(NonBlockingMethods.javaName("get_feature")).isEqualTo("getFeature");
		assertThat(NonBlockingMethods.javaName("List_features_v2")).isEqualTo("listFeaturesV2");
		assertThat(NonBlockingMethods.javaName("ping")).isEqualTo("ping");
	}

	@Test
	void onTheClassEveryMethodOfTheService() {
		assertThat(NonBlockingMethods.of("whole", new Whole())).containsExactlyInAnyOrder("grpckit.test.Echo/Unary",
				"grpckit.test.Echo/ServerStream", "grpckit.test.Echo/ClientStream", "grpckit.test.Echo/Bidi");
	}

	@Test
	void onAMethodThatMethodOnly() {
		assertThat(NonBlockingMethods.of("unary", new UnaryOnly())).containsExactly("grpckit.test.Echo/Unary");
	}

	@Test
	void withoutItNoMethod() {
		assertThat(NonBlockingMethods.of("plain", new EchoGrpc.EchoImplBase() {
		})).isEmpty();
	}

	@Test
	void throughAClassProxyTheTargetsAnnotationsCount() {
		ProxyFactory factory = new ProxyFactory(new UnaryOnly());
		factory.setProxyTargetClass(true);
		Object proxy = factory.getProxy();
		assertThat(proxy.getClass()).isNotEqualTo(UnaryOnly.class);
		assertThat(NonBlockingMethods.of("proxied", (UnaryOnly) proxy)).containsExactly("grpckit.test.Echo/Unary");
	}

	@NonBlocking
	static class Whole extends EchoGrpc.EchoImplBase {

	}

	static class UnaryOnly extends EchoGrpc.EchoImplBase {

		@Override
		@NonBlocking
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			responseObserver.onCompleted();
		}

	}

}
