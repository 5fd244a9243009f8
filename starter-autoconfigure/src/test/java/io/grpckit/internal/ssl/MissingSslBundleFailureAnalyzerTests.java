package io.grpckit.internal.ssl;

import java.nio.file.Path;

import io.grpckit.testsupport.FailureAnalyses;
import io.grpckit.testsupport.GrpcServerTestApplication;
import io.grpckit.testsupport.TestCertificates;
import io.grpckit.testsupport.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server or channel naming an SSL bundle that is not configured fails start-up with a
 * paragraph listing the configured bundles and an action.
 */
class MissingSslBundleFailureAnalyzerTests {

	@TempDir
	Path directory;

	@Test
	void serverBundleMissing() {
		FailureAnalysis analysis = FailureAnalyses.ofStartup(GrpcServerTestApplication.class,
				"grpckit.server.port=0", "grpckit.server.ssl.bundle=sever");
		assertThat(analysis.getDescription()).isEqualTo("grpckit.server.ssl.bundle names the SSL bundle 'sever', "
				+ "but no SSL bundle of that name is configured. Configured bundles: none.");
		assertThat(analysis.getAction()).isEqualTo("Configure the bundle under spring.ssl.bundle.pem.sever.* or "
				+ "spring.ssl.bundle.jks.sever.*, or set grpckit.server.ssl.bundle to the name of a configured bundle.");
	}

	@Test
	void channelBundleMissingListsTheConfiguredOnes() {
		Path certs = TestTls.writeCertificates(this.directory);
		String[] properties = concat(TestCertificates.pemBundle(certs, "server", "server", "ca"),
				"grpckit.server.port=0", "grpckit.client.channel.echo.target=localhost:1",
				"grpckit.client.channel.echo.ssl.bundle=client");
		FailureAnalysis analysis = FailureAnalyses.ofStartup(GrpcServerTestApplication.class, properties);
		assertThat(analysis.getDescription()).isEqualTo("grpckit.client.channel.echo.ssl.bundle names the SSL bundle "
				+ "'client', but no SSL bundle of that name is configured. Configured bundles: server.");
	}

	private static String[] concat(String[] first, String... second) {
		String[] all = new String[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

}
