package io.grpckit.test;

import java.util.List;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Misused {@link GrpcFake @GrpcFake} fields fail with a message naming the field.
 */
class GrpcFakeContextCustomizerFactoryTests {

	private final GrpcFakeContextCustomizerFactory factory = new GrpcFakeContextCustomizerFactory();

	@Test
	void noFakesNoCustomizer() {
		assertThat(this.factory.createContextCustomizer(GrpcFakeContextCustomizerFactoryTests.class, List.of()))
			.isNull();
	}

	@Test
	void sameFakesShareTheContext() {
		assertThat(this.factory.createContextCustomizer(StaticFake.class, List.of()))
			.isEqualTo(this.factory.createContextCustomizer(StaticFake.class, List.of()));
	}

	@Test
	void instanceFieldIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.createContextCustomizer(InstanceFake.class, List.of()))
			.withMessage("@GrpcFake field " + InstanceFake.class.getName()
					+ ".fake must be static: the context is built before the test instance");
	}

	@Test
	void nullFieldIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.createContextCustomizer(NullFake.class, List.of()))
			.withMessage("@GrpcFake field " + NullFake.class.getName() + ".fake is null");
	}

	@Test
	void fieldThatIsNoServiceIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.createContextCustomizer(NotAService.class, List.of()))
			.withMessage("@GrpcFake field " + NotAService.class.getName()
					+ ".fake must be a io.grpc.BindableService, not a java.lang.String");
	}

	static class StaticFake {

		@GrpcFake("health")
		static final BindableService fake = new HealthGrpc.HealthImplBase() {
		};

	}

	static class InstanceFake {

		@GrpcFake("health")
		final BindableService fake = new HealthGrpc.HealthImplBase() {
		};

	}

	static class NullFake {

		@GrpcFake("health")
		static BindableService fake;

	}

	static class NotAService {

		@GrpcFake("health")
		static String fake = "health";

	}

}
