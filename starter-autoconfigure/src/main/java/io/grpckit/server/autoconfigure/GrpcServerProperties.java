package io.grpckit.server.autoconfigure;

import java.net.InetAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.grpckit.server.interceptor.ResponseCompression;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Properties of the grpckit gRPC server, shaped like Spring Boot's {@code spring.grpc.server}.
 */
@ConfigurationProperties("grpckit.server")
public class GrpcServerProperties {

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
	private InetAddress address;

	private final Shutdown shutdown = new Shutdown();

	private final Inbound inbound = new Inbound();

	private final Inprocess inprocess = new Inprocess();

	private final Keepalive keepalive = new Keepalive();

	private final Connection connection = new Connection();

	private final Compression compression = new Compression();

	private final Executor executor = new Executor();

	private final Reflection reflection = new Reflection();

	private final Ssl ssl = new Ssl();

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

	public InetAddress getAddress() {
		return this.address;
	}

	public void setAddress(InetAddress address) {
		this.address = address;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Inbound getInbound() {
		return this.inbound;
	}

	public Inprocess getInprocess() {
		return this.inprocess;
	}

	public Keepalive getKeepalive() {
		return this.keepalive;
	}

	public Connection getConnection() {
		return this.connection;
	}

	public Compression getCompression() {
		return this.compression;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	public Reflection getReflection() {
		return this.reflection;
	}

	public Ssl getSsl() {
		return this.ssl;
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
	 * Limits on what the server receives.
	 */
	public static class Inbound {

		private final Message message = new Message();

		private final Metadata metadata = new Metadata();

		public Message getMessage() {
			return this.message;
		}

		public Metadata getMetadata() {
			return this.metadata;
		}

		/**
		 * Inbound messages.
		 */
		public static class Message {

			/**
			 * Maximum size of a received message, after decompression. Larger messages fail
			 * the call with RESOURCE_EXHAUSTED.
			 */
			@DataSizeUnit(DataUnit.BYTES)
			private DataSize maxSize = DataSize.ofMegabytes(4);

			public DataSize getMaxSize() {
				return this.maxSize;
			}

			public void setMaxSize(DataSize maxSize) {
				this.maxSize = maxSize;
			}

		}

		/**
		 * Inbound metadata.
		 */
		public static class Metadata {

			/**
			 * Maximum size of the received metadata (headers) of a call.
			 */
			@DataSizeUnit(DataUnit.BYTES)
			private DataSize maxSize = DataSize.ofKilobytes(8);

			public DataSize getMaxSize() {
				return this.maxSize;
			}

			public void setMaxSize(DataSize maxSize) {
				this.maxSize = maxSize;
			}

		}

	}

	/**
	 * In-process server.
	 */
	public static class Inprocess {

		/**
		 * Name of an in-process server to start beside the network one; none when empty.
		 */
		private String name;

		/**
		 * Whether to start only the in-process server and no network server.
		 */
		private boolean exclusive;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
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
	 * HTTP/2 keepalive.
	 */
	public static class Keepalive {

		/**
		 * Time without read activity before the server sends a keepalive ping.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration time = Duration.ofHours(2);

		/**
		 * Time to wait for the acknowledgement of a keepalive ping before closing the
		 * connection.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeout = Duration.ofSeconds(20);

		private final Permit permit = new Permit();

		private final Connection connection = new Connection();

		public Duration getTime() {
			return this.time;
		}

		public void setTime(Duration time) {
			this.time = time;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Permit getPermit() {
			return this.permit;
		}

		public Connection getConnection() {
			return this.connection;
		}

		/**
		 * What keepalive pings clients may send.
		 */
		public static class Permit {

			/**
			 * Shortest keepalive interval clients may use; pinging more often gets the
			 * connection closed.
			 */
			@DurationUnit(ChronoUnit.SECONDS)
			private Duration time = Duration.ofMinutes(5);

			/**
			 * Whether clients may send keepalive pings while no call is open.
			 */
			private boolean withoutCalls;

			public Duration getTime() {
				return this.time;
			}

			public void setTime(Duration time) {
				this.time = time;
			}

			public boolean isWithoutCalls() {
				return this.withoutCalls;
			}

			public void setWithoutCalls(boolean withoutCalls) {
				this.withoutCalls = withoutCalls;
			}

		}

		/**
		 * Connection lifetime.
		 */
		public static class Connection {

			/**
			 * Time a connection may stay idle before it is closed gracefully. Unlimited when
			 * not set.
			 */
			@DurationUnit(ChronoUnit.SECONDS)
			private Duration maxIdleTime;

			/**
			 * Time a connection may exist before it is closed gracefully, so that clients
			 * rebalance. Unlimited when not set.
			 */
			@DurationUnit(ChronoUnit.SECONDS)
			private Duration maxAge;

			/**
			 * Time calls may take to finish on a connection closed for its age. Unlimited
			 * when not set.
			 */
			@DurationUnit(ChronoUnit.SECONDS)
			private Duration gracePeriod;

			public Duration getMaxIdleTime() {
				return this.maxIdleTime;
			}

			public void setMaxIdleTime(Duration maxIdleTime) {
				this.maxIdleTime = maxIdleTime;
			}

			public Duration getMaxAge() {
				return this.maxAge;
			}

			public void setMaxAge(Duration maxAge) {
				this.maxAge = maxAge;
			}

			public Duration getGracePeriod() {
				return this.gracePeriod;
			}

			public void setGracePeriod(Duration gracePeriod) {
				this.gracePeriod = gracePeriod;
			}

		}

	}

	/**
	 * HTTP/2 connection settings.
	 */
	public static class Connection {

		/**
		 * Maximum number of calls open at once on one connection. Unlimited when not set.
		 */
		private Integer maxConcurrentCalls;

		/**
		 * Initial HTTP/2 flow-control window of each stream and connection. grpc-java's
		 * default (1 MiB, then tuned by BDP probing) when not set.
		 */
		@DataSizeUnit(DataUnit.BYTES)
		private DataSize flowControlWindow;

		/**
		 * Time a new connection may take to complete its handshake (TLS and HTTP/2
		 * preface) before it is closed.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration handshakeTimeout = Duration.ofSeconds(120);

		public Integer getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(Integer maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

		public DataSize getFlowControlWindow() {
			return this.flowControlWindow;
		}

		public void setFlowControlWindow(DataSize flowControlWindow) {
			this.flowControlWindow = flowControlWindow;
		}

		public Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
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
	 * Which executor runs service code.
	 */
	public static class Executor {

		/**
		 * Name of an Executor bean that runs service code instead of grpckit's thread
		 * pool.
		 */
		private String beanName;

		/**
		 * Whether to run service code on virtual threads, one per task, instead of
		 * grpckit's thread pool. Needs Java 21 or later.
		 */
		private boolean virtualThreads;

		/**
		 * Most threads of grpckit's thread pool, which runs service code when neither
		 * bean-name nor virtual-threads is set. Threads are made on demand; tasks beyond
		 * this many wait in line, as with Tomcat's max threads.
		 */
		private int maxThreads = 200;

		/**
		 * How long an idle thread of grpckit's thread pool lives.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration keepAlive = Duration.ofSeconds(60);

		public String getBeanName() {
			return this.beanName;
		}

		public void setBeanName(String beanName) {
			this.beanName = beanName;
		}

		public boolean isVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

		public int getMaxThreads() {
			return this.maxThreads;
		}

		public void setMaxThreads(int maxThreads) {
			this.maxThreads = maxThreads;
		}

		public Duration getKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(Duration keepAlive) {
			this.keepAlive = keepAlive;
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

	/**
	 * Transport security of the network server.
	 */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) holding the server
		 * certificate and, for client authentication, the trusted client CAs. Plaintext when
		 * not set. Certificate updates apply to new connections when the bundle reloads.
		 */
		private String bundle;

		/**
		 * Whether clients must present a certificate trusted by the bundle: 'none',
		 * 'optional' (verified when presented) or 'required' (mutual TLS).
		 */
		private ClientAuth clientAuth = ClientAuth.NONE;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

		public ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

		/**
		 * Client certificate authentication.
		 */
		public enum ClientAuth {

			/** No client certificate is requested. */
			NONE,

			/** A client certificate is requested and verified when presented. */
			OPTIONAL,

			/** A trusted client certificate is required: mutual TLS. */
			REQUIRED

		}

	}

}
