package io.grpckit.discovery.etcd;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.PutOption;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.SelfHealingRegistration;

/**
 * Registers the instance in etcd under {@code <prefix>/<service>/<instance-id>}, attached to
 * a lease kept alive every third of its TTL. When a keep-alive fails, the lease has expired
 * or the key was deleted or overwritten, a new lease is granted and the key put again: an
 * expired lease is never reused.
 */
public class EtcdServiceRegistration extends SelfHealingRegistration {

	private final Client client;

	private final EtcdInstanceCodec codec;

	private final Duration ttl;

	private final Duration timeout;

	// only touched on the registration thread
	private long leaseId;

	/**
	 * Create a registration.
	 * @param client the etcd client; not closed by this registration
	 * @param prefix the key prefix, e.g. {@code /grpckit/services}
	 * @param ttl the lease TTL, whole seconds, at least 1 s
	 * @param timeout the longest time one etcd request may take
	 * @param backoff the backoff between failed attempts
	 */
	public EtcdServiceRegistration(Client client, String prefix, Duration ttl, Duration timeout, Backoff backoff) {
		super(backoff);
		if (ttl.toSeconds() < 1) {
			throw new IllegalArgumentException("ttl: " + ttl + " (expected: at least 1s)");
		}
		this.client = client;
		this.codec = new EtcdInstanceCodec(prefix);
		this.ttl = ttl;
		this.timeout = timeout;
	}

	@Override
	public String getBackend() {
		return "etcd";
	}

	/**
	 * Return the lease TTL.
	 * @return the TTL
	 */
	public Duration getTtl() {
		return this.ttl;
	}

	@Override
	protected Duration checkInterval() {
		return this.ttl.dividedBy(3);
	}

	@Override
	protected void doRegister(ServiceInstance instance) throws Exception {
		long previous = this.leaseId;
		long lease = this.client.getLeaseClient().grant(this.ttl.toSeconds()).get(millis(), TimeUnit.MILLISECONDS).getID();
		try {
			this.client.getKVClient()
				.put(this.codec.instanceKey(instance), this.codec.encode(instance),
						PutOption.builder().withLeaseId(lease).build())
				.get(millis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			this.client.getLeaseClient().revoke(lease);
			throw ex;
		}
		this.leaseId = lease;
		if (previous != 0) {
			// the key now hangs on the new lease: revoking the old one cannot delete it
			this.client.getLeaseClient().revoke(previous);
		}
	}

	@Override
	protected boolean doCheck(ServiceInstance instance) throws Exception {
		long ttlLeft;
		try {
			ttlLeft = this.client.getLeaseClient().keepAliveOnce(this.leaseId).get(millis(), TimeUnit.MILLISECONDS).getTTL();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof EtcdException etcd && etcd.getErrorCode() == ErrorCode.NOT_FOUND) {
				// the lease expired (e.g. a long pause): register again at once, with a new lease
				return false;
			}
			throw ex;
		}
		if (ttlLeft <= 0) {
			return false;
		}
		GetResponse response = this.client.getKVClient().get(this.codec.instanceKey(instance)).get(millis(),
				TimeUnit.MILLISECONDS);
		if (response.getKvs().isEmpty()) {
			return false;
		}
		KeyValue kv = response.getKvs().get(0);
		return kv.getLease() == this.leaseId && kv.getValue().equals(this.codec.encode(instance));
	}

	@Override
	protected void doDeregister(ServiceInstance instance) throws Exception {
		this.client.getKVClient().delete(this.codec.instanceKey(instance)).get(millis(), TimeUnit.MILLISECONDS);
		if (this.leaseId != 0) {
			long lease = this.leaseId;
			this.leaseId = 0;
			this.client.getLeaseClient().revoke(lease).get(millis(), TimeUnit.MILLISECONDS);
		}
	}

	private long millis() {
		return this.timeout.toMillis();
	}

}
