package io.grpckit.server.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class GrpcBackgroundPreinitializerTests {

	@Test
	void isRegisteredWithBoot() {
		List<BackgroundPreinitializer> all = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(BackgroundPreinitializer.class);
		assertThat(all).hasAtLeastOneElementOfType(GrpcBackgroundPreinitializer.class);
	}

	@Test
	void everyClassExistsInTheGrpcJavaVersionWeBuildWith() {
		// a rename in a grpc-java or Netty upgrade would silently shrink the warm-up: catch it here
		ClassLoader classLoader = getClass().getClassLoader();
		assertThat(GrpcBackgroundPreinitializer.CLASSES)
			.allSatisfy((name) -> assertThat(ClassUtils.isPresent(name, classLoader)).as(name).isTrue());
	}

	@Test
	void preinitializesWithoutFailing() {
		assertThatNoException().isThrownBy(() -> new GrpcBackgroundPreinitializer().preinitialize());
	}

}
