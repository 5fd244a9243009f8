package io.grpckit.test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Codec;
import io.grpc.DecompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.MetadataUtils;
import org.jspecify.annotations.Nullable;

/**
 * Response compression as a client sees it: which encoding the server chose for its response
 * messages, for a client that compresses its requests or not, and accepts gzip or not.
 */
public final class ResponseEncoding {

	private static final Metadata.Key<String> MESSAGE_ENCODING = Metadata.Key.of("grpc-encoding",
			Metadata.ASCII_STRING_MARSHALLER);

	private ResponseEncoding() {
	}

	/**
	 * Make one call on a new plaintext channel to the server on the loopback address and
	 * return the encoding of its response messages.
	 * @param port the server's port on 127.0.0.1
	 * @param gzipRequest whether the client sends its request messages gzip-compressed
	 * @param acceptGzip whether the client accepts gzip-compressed responses
	 * ({@code grpc-accept-encoding}); without it, the client knows no compression at all
	 * @param call makes one call on the channel it is given and waits for its end, e.g. reads
	 * a server stream to its end
	 * @return the encoding, e.g. {@code gzip}, or {@code null} for uncompressed responses
	 * @throws InterruptedException when interrupted while closing the channel
	 */
	public static @Nullable String of(int port, boolean gzipRequest, boolean acceptGzip, Consumer<Channel> call)
			throws InterruptedException {
		ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
		if (!acceptGzip) {
			builder.decompressorRegistry(DecompressorRegistry.emptyInstance().with(Codec.Identity.NONE, false));
		}
		ManagedChannel channel = builder.build();
		try {
			AtomicReference<@Nullable Metadata> headers = new AtomicReference<>();
			Channel intercepted = ClientInterceptors.intercept(channel,
					MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()));
			call.accept(gzipRequest ? ClientInterceptors.intercept(intercepted, new GzipRequests()) : intercepted);
			Metadata received = headers.get();
			String encoding = (received != null) ? received.get(MESSAGE_ENCODING) : null;
			return "identity".equals(encoding) ? null : encoding;
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/** What {@code stub.withCompression("gzip")} does, for any call on the channel. */
	private static final class GzipRequests implements ClientInterceptor {

		@Override
		public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
				CallOptions callOptions, Channel next) {
			return next.newCall(method, callOptions.withCompression("gzip"));
		}

	}

}
