package io.grpckit.demo.files.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The connection options every command shares ({@code --target}, and for the server's
 * {@code secure} profile {@code --tls-ca}, {@code --authority} and {@code --token}), and the
 * channel they open.
 */
final class Connection implements AutoCloseable {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	@Spec(Spec.Target.MIXEE)
	CommandSpec command;

	@Option(names = "--target", defaultValue = "localhost:9091", paramLabel = "HOST:PORT",
			description = "Server address (default: ${DEFAULT-VALUE}).")
	String target;

	@Option(names = "--tls-ca", paramLabel = "PEM",
			description = "Connect with TLS, trusting the CA certificate(s) in this PEM file (default: plaintext).")
	@Nullable Path tlsCa;

	@Option(names = "--authority", paramLabel = "NAME",
			description = "Host name the server certificate is checked against, when the target names another.")
	@Nullable String authority;

	@Option(names = "--token", defaultValue = "${env:FILES_TOKEN}", paramLabel = "TOKEN",
			description = "Bearer token sent with every call (default: the FILES_TOKEN environment variable); "
					+ "needs --tls-ca.")
	@Nullable String token;

	private @Nullable ManagedChannel channel;

	private @Nullable CallCredentials credentials;

	ManagedChannel channel() {
		if (this.channel == null) {
			boolean hasToken = this.token != null && !this.token.isBlank();
			if (hasToken && this.tlsCa == null) {
				throw new ParameterException(this.command.commandLine(),
						"A token is only sent over TLS: add --tls-ca=<ca.pem> (or unset FILES_TOKEN for a plaintext server)");
			}
			NettyChannelBuilder builder = NettyChannelBuilder.forTarget(this.target, channelCredentials());
			if (this.authority != null) {
				builder.overrideAuthority(this.authority);
			}
			this.credentials = hasToken ? new BearerCredentials(this.token.strip()) : null;
			this.channel = builder.build();
		}
		return this.channel;
	}

	private ChannelCredentials channelCredentials() {
		if (this.tlsCa == null) {
			return InsecureChannelCredentials.create();
		}
		try {
			return TlsChannelCredentials.newBuilder().trustManager(this.tlsCa.toFile()).build();
		}
		catch (IOException | RuntimeException ex) {
			throw new ParameterException(this.command.commandLine(),
					"--tls-ca: cannot read CA certificates from " + this.tlsCa + " (" + ex.getMessage() + ")", ex,
					null, null);
		}
	}

	FileTransferGrpc.FileTransferBlockingStub blocking() {
		return FileTransferGrpc.newBlockingStub(channel())
			.withCallCredentials(this.credentials)
			.withDeadlineAfter(60, TimeUnit.SECONDS);
	}

	FileTransferGrpc.FileTransferStub async() {
		return FileTransferGrpc.newStub(channel()).withCallCredentials(this.credentials);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow();
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * {@code authorization: Bearer <token>} on every call, refused on a connection without
	 * privacy, so the token never crosses the network in clear text.
	 */
	private static final class BearerCredentials extends CallCredentials {

		private final String header;

		BearerCredentials(String token) {
			this.header = "Bearer " + token;
		}

		@Override
		public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
			if (info.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY) {
				applier.fail(Status.UNAUTHENTICATED.withDescription("token not sent over a connection without TLS"));
				return;
			}
			Metadata headers = new Metadata();
			headers.put(AUTHORIZATION, this.header);
			applier.apply(headers);
		}

	}

}
