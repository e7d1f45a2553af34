package dev.coord.core.etcd;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.CoordObserver;
import dev.coord.core.CoordSettings;
import dev.coord.core.EngineStatus;
import io.etcd.jetcd.Client;

/**
 * One member of a test cluster: an engine with its own jetcd client, reporting to a shared
 * {@link MemberRecorder}. The benchmarks use it too, which is why it lives in the engine's package (to call
 * the package-private {@link EtcdCoordEngine#crash()}) and owns its client.
 */
final class TestMember implements AutoCloseable {

	private final String id;

	private final Client client;

	private final MemberRecorder recorder;

	private final EtcdCoordEngine engine;

	private boolean gone;

	/** A member that is not started yet; it closes the client when it crashes or leaves. */
	TestMember(Client client, CoordSettings settings, MemberRecorder recorder) {
		this.id = settings.memberId();
		this.client = client;
		this.recorder = recorder;
		this.engine = new EtcdCoordEngine(client, settings, recorder.listenerFor(this.id), CoordObserver.NONE);
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

	/**
	 * Dies as {@code kill -9} would: every engine thread stops at once and the client's connections close, so
	 * no revoke, no release, no lease revoke and no further renewal reach etcd. The lease, and with it the
	 * member's keys, lives on until its TTL runs out, as after a real crash. Does nothing once the member is
	 * gone.
	 */
	void crash() {
		if (!this.gone) {
			this.gone = true;
			this.recorder.crashed(this.id);
			this.engine.crash();
			this.client.close();
		}
	}

	/** Leaves gracefully: drains, releases, deletes its keys and revokes its lease. */
	@Override
	public void close() {
		if (!this.gone) {
			this.gone = true;
			this.engine.close();
			this.client.close();
		}
	}

}
