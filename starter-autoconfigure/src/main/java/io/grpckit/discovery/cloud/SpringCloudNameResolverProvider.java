package io.grpckit.discovery.cloud;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.grpc.NameResolver;
import io.grpckit.client.internal.InetNameResolverProvider;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.ServiceNames;

import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.event.HeartbeatMonitor;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Resolves {@code spring-cloud:///<service-id>} targets through a Spring Cloud
 * {@link DiscoveryClient} (Eureka, Nacos, Zookeeper, Consul, Kubernetes, or the simple one),
 * the gRPC port taken from each instance's {@code gRPC_port} metadata, else its port. Its
 * resolvers read again when a {@link HeartbeatEvent} carries a new value, as Spring Cloud's
 * own consumers do, and every refresh interval. The client's blocking calls run on two
 * threads of this provider, created when first needed and stopped by {@link #close()}.
 */
public final class SpringCloudNameResolverProvider extends InetNameResolverProvider
		implements ApplicationListener<HeartbeatEvent>, AutoCloseable {

	/** Scheme of the targets this provider resolves. */
	public static final String SCHEME = "spring-cloud";

	private final Supplier<DiscoveryClient> client;

	private final Duration refreshInterval;

	private final Backoff backoff;

	private final ThreadPoolExecutor executor;

	private final HeartbeatMonitor heartbeats = new HeartbeatMonitor();

	private final Set<SpringCloudNameResolver> resolvers = ConcurrentHashMap.newKeySet();

	/**
	 * Create a provider.
	 * @param client supplies the discovery client, asked for on the first lookup
	 * @param refreshInterval how often each resolver reads again without a heartbeat
	 * @param backoff the backoff between failed lookups
	 */
	public SpringCloudNameResolverProvider(Supplier<DiscoveryClient> client, Duration refreshInterval,
			Backoff backoff) {
		super(SCHEME);
		this.client = client;
		this.refreshInterval = refreshInterval;
		this.backoff = backoff;
		// bounded and idle-free: no thread before the first lookup, none left after a minute idle
		this.executor = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				daemonThreads());
		this.executor.allowCoreThreadTimeOut(true);
	}

	@Override
	protected NameResolver createResolver(URI targetUri, NameResolver.Args args) {
		SpringCloudNameResolver resolver = new SpringCloudNameResolver(this.client, this.executor,
				ServiceNames.of(targetUri), this.refreshInterval, this.backoff, args, this.resolvers::remove);
		this.resolvers.add(resolver);
		return resolver;
	}

	/**
	 * Let every resolver read again when the heartbeat's value changed.
	 * @param event the heartbeat of the discovery client
	 */
	@Override
	public void onApplicationEvent(HeartbeatEvent event) {
		if (this.heartbeats.update(event.getValue())) {
			this.resolvers.forEach(SpringCloudNameResolver::heartbeat);
		}
	}

	/**
	 * Stop the lookup threads.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private static CustomizableThreadFactory daemonThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("grpckit-spring-cloud-");
		threads.setDaemon(true);
		return threads;
	}

}
