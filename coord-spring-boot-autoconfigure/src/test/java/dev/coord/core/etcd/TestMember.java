package dev.coord.core.etcd;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.CoordObserver;
import dev.coord.core.CoordSettings;
import dev.coord.core.EngineStatus;
import io.etcd.jetcd.Client;

/**
 * One member of a test cluster: an engine with its own jetcd client, recording into a shared journal.
 */
final class TestMember implements AutoCloseable {

	private final String id;

	private final Client client;

	private final Journal journal;

	private final EtcdCoordEngine engine;

	private boolean closed;

	TestMember(String id, Client client, CoordSettings settings, Journal journal) {
		this.id = id;
		this.client = client;
		this.journal = journal;
		this.engine = new EtcdCoordEngine(client, settings, journal.listenerFor(id), CoordObserver.NONE);
	}

	TestMember start() {
		this.engine.start();
		return this;
	}

	String id() {
		return this.id;
	}

	EtcdCoordEngine engine() {
		return this.engine;
	}

	EngineStatus status() {
		return this.engine.status();
	}

	ClusterSnapshot snapshot() {
		return this.engine.snapshot();
	}

	/** Dies like a killed process: no revoke, no release, no etcd call. */
	void crash() {
		this.journal.record(this.id, Journal.Kind.CRASHED, null, 0, null, null);
		this.engine.crash();
		this.client.close();
		this.closed = true;
	}

	/** Leaves gracefully. */
	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.engine.close();
			this.client.close();
		}
	}

}
