package dev.coord.core.etcd;

import dev.coord.core.CoordObserver;
import dev.coord.core.CoordSettings;
import io.etcd.jetcd.Client;

/**
 * One member of a benchmark cluster: an engine with a jetcd client of its own, reporting to a shared
 * {@link BenchRecorder}. This class lives in the engine's package (split across the jars, which the class
 * path allows) to call the package-private {@link EtcdCoordEngine#crash()}.
 */
final class BenchMember implements AutoCloseable {

	private final String id;

	private final Client client;

	private final EtcdCoordEngine engine;

	private final BenchRecorder recorder;

	private boolean gone;

	BenchMember(String endpoint, CoordSettings settings, BenchRecorder recorder) {
		this.id = settings.memberId();
		this.recorder = recorder;
		this.client = Client.builder().endpoints(endpoint).build();
		this.engine = new EtcdCoordEngine(this.client, settings, recorder.listenerFor(this.id), CoordObserver.NONE);
	}

	BenchMember start() {
		this.engine.start();
		return this;
	}

	String id() {
		return this.id;
	}

	EtcdCoordEngine engine() {
		return this.engine;
	}

	/**
	 * Dies as {@code kill -9} would: every engine thread stops at once and the client's connections close, so
	 * no revoke, no release, no lease revoke and no further renewal reach etcd. The lease, and with it the
	 * member's keys, lives on until its TTL runs out, as after a real crash.
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
