package io.grpckit.discovery.testsupport;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EtcdProcess} and a client of it for a whole test class, started before its
 * first test and stopped after its last:
 * {@code @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();}.
 * Skips the class when etcd is not installed, as {@link EtcdProcess#start()} does.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback {

	private EtcdProcess process;

	private Client client;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.process = EtcdProcess.start();
		this.client = this.process.newClient();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.client != null) {
			this.client.close();
		}
		if (this.process != null) {
			this.process.close();
		}
	}

	/** A client of the running etcd, closed after the class. */
	public Client client() {
		return this.client;
	}

	/** The running etcd process. */
	public EtcdProcess process() {
		return this.process;
	}

	/** Shortcut for {@code process().endpoint()}. */
	public String endpoint() {
		return this.process.endpoint();
	}

}
