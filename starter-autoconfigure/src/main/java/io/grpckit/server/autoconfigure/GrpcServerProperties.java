package io.grpckit.server.autoconfigure;

import java.net.InetAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.grpckit.server.interceptor.ResponseCompression;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Properties of the grpckit gRPC server, shaped like Spring Boot's {@code spring.grpc.server}.
 * The transport settings of the network server ({@code inbound}, {@code keepalive},
 * {@code connection}), its executor and its TLS have their own classes; small groups are
 * nested here. Spring Boot validates the values right after binding (this class is its
 * own {@link Validator}): a value out of range fails start-up naming the property.
 */
@ConfigurationProperties("grpckit.server")
public class GrpcServerProperties implements Validator {

	/**
	 * Whether to start the gRPC server.
	 */
	private boolean enabled = true;

	/**
	 * Port on which the gRPC server listens. Use 0 to bind a free port.
	 */
	private int port = 9090;

	/**
	 * Network address to which the gRPC server binds. Defaults to every address.
	 */
	private @Nullable InetAddress address;

	private final Shutdown shutdown = new Shutdown();

	@NestedConfigurationProperty
	private final ServerInboundProperties inbound = new ServerInboundProperties();

	@NestedConfigurationProperty
	private final ServerOutboundProperties outbound = new ServerOutboundProperties();

	private final Inprocess inprocess = new Inprocess();

	@NestedConfigurationProperty
	private final ServerKeepaliveProperties keepalive = new ServerKeepaliveProperties();

	@NestedConfigurationProperty
	private final ServerConnectionProperties connection = new ServerConnectionProperties();

	@NestedConfigurationProperty
	private final ServerLimitsProperties limits = new ServerLimitsProperties();

	private final Compression compression = new Compression();

	@NestedConfigurationProperty
	private final ServerExecutorProperties executor = new ServerExecutorProperties();

	private final Reflection reflection = new Reflection();

	@NestedConfigurationProperty
	private final ServerSslProperties ssl = new ServerSslProperties();

	@NestedConfigurationProperty
	private final ServerXdsProperties xds = new ServerXdsProperties();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public @Nullable InetAddress getAddress() {
		return this.address;
	}

	public void setAddress(@Nullable InetAddress address) {
		this.address = address;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public ServerInboundProperties getInbound() {
		return this.inbound;
	}

	public ServerOutboundProperties getOutbound() {
		return this.outbound;
	}

	public Inprocess getInprocess() {
		return this.inprocess;
	}

	public ServerKeepaliveProperties getKeepalive() {
		return this.keepalive;
	}

	public ServerConnectionProperties getConnection() {
		return this.connection;
	}

	public ServerLimitsProperties getLimits() {
		return this.limits;
	}

	public Compression getCompression() {
		return this.compression;
	}

	public ServerExecutorProperties getExecutor() {
		return this.executor;
	}

	public Reflection getReflection() {
		return this.reflection;
	}

	public ServerSslProperties getSsl() {
		return this.ssl;
	}

	public ServerXdsProperties getXds() {
		return this.xds;
	}

	@Override
	public boolean supports(Class<?> type) {
		return GrpcServerProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		ServerPropertiesChecks.check((GrpcServerProperties) target, errors);
	}

	/**
	 * Graceful shutdown.
	 */
	public static class Shutdown {

		/**
		 * Time to wait, after health turned NOT_SERVING and the instance was deregistered,
		 * before the server stops accepting calls, so that clients and load balancers notice.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration quietPeriod = Duration.ZERO;

		/**
		 * Maximum time calls in flight may take to finish once the server stopped accepting
		 * new ones; calls still running then are cancelled.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration gracePeriod = Duration.ofSeconds(30);

		public Duration getQuietPeriod() {
			return this.quietPeriod;
		}

		public void setQuietPeriod(Duration quietPeriod) {
			this.quietPeriod = quietPeriod;
		}

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

	/**
	 * In-process server.
	 */
	public static class Inprocess {

		/**
		 * Name of an in-process server to start beside the network one; none when empty.
		 */
		private @Nullable String name;

		/**
		 * Whether to start only the in-process server and no network server.
		 */
		private boolean exclusive;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public boolean isExclusive() {
			return this.exclusive;
		}

		public void setExclusive(boolean exclusive) {
			this.exclusive = exclusive;
		}

	}

	/**
	 * Message compression. Compressed requests are always accepted.
	 */
	public static class Compression {

		/**
		 * When responses are compressed with gzip: 'mirror' compresses the responses of a
		 * call whose request came compressed, 'always' whenever the client accepts gzip,
		 * 'never' never.
		 */
		private ResponseCompression response = ResponseCompression.MIRROR;

		public ResponseCompression getResponse() {
			return this.response;
		}

		public void setResponse(ResponseCompression response) {
			this.response = response;
		}

	}

	/**
	 * Server reflection.
	 */
	public static class Reflection {

		/**
		 * Whether to serve grpc.reflection.v1 and v1alpha, so tools like grpcurl can list
		 * and describe the services.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
