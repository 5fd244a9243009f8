package io.grpckit.server.interceptor;

import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Codec;
import io.grpc.DecompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compressed requests are accepted; responses follow grpckit.server.compression.response.
 */
class CompressionIntegrationTests {

	private static final Metadata.Key<String> MESSAGE_ENCODING = Metadata.Key.of("grpc-encoding",
			Metadata.ASCII_STRING_MARSHALLER);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void mirrorCompressesOnlyWhenTheRequestWasCompressed() {
		this.runner.run((context) -> {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			assertThat(responseEncoding(port, true, true)).isEqualTo("gzip");
			assertThat(responseEncoding(port, false, true)).isNotEqualTo("gzip");
		});
	}

	@Test
	void neverCompressForAClientThatDoesNotAcceptGzip() {
		this.runner.withPropertyValues("grpckit.server.compression.response=always").run((context) -> {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			assertThat(responseEncoding(port, false, true)).isEqualTo("gzip");
			assertThat(responseEncoding(port, true, false)).isNotEqualTo("gzip");
			assertThat(responseEncoding(port, false, false)).isNotEqualTo("gzip");
		});
	}

	@Test
	void neverPolicy() {
		this.runner.withPropertyValues("grpckit.server.compression.response=never").run((context) -> {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			assertThat(responseEncoding(port, true, true)).isNotEqualTo("gzip");
		});
	}

	private static String responseEncoding(int port, boolean compressRequest, boolean acceptGzip) {
		NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
		if (!acceptGzip) {
			// advertises no grpc-accept-encoding at all
			builder.decompressorRegistry(DecompressorRegistry.emptyInstance().with(Codec.Identity.NONE, false));
		}
		ManagedChannel channel = builder.build();
		try {
			AtomicReference<Metadata> headers = new AtomicReference<>();
			EchoGrpc.EchoBlockingStub stub = EchoGrpc.newBlockingStub(channel)
				.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()));
			if (compressRequest) {
				stub = stub.withCompression("gzip");
			}
			String text = "x".repeat(2000);
			assertThat(stub.unary(EchoRequest.newBuilder().setText(text).build()).getText()).isEqualTo(text);
			return headers.get().get(MESSAGE_ENCODING);
		}
		finally {
			Channels.close(channel);
		}
	}

}
