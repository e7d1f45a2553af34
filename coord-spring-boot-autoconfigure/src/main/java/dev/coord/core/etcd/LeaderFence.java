package dev.coord.core.etcd;

import java.util.List;

import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;

/**
 * What fences one write of the leader: the compares that make it apply only under this epoch and right
 * after the leader's previous write, and the put of the leader key that moves its mod revision on.
 *
 * @param key the leader key
 * @param epoch the create revision of the leader key: who leads
 * @param modRevision the leader key's mod revision after the leader's last write: which write comes next
 * @param value the leader key's value, put again unchanged
 * @param lease the leader's lease, which the key stays bound to
 */
record LeaderFence(String key, long epoch, long modRevision, byte[] value, long lease) {

	/** Compares and operations a fenced transaction carries besides its own. */
	static final int OVERHEAD = 2;

	List<Cmp> compares() {
		return List.of(Etcd.createRevision(this.key, this.epoch), Etcd.modRevision(this.key, this.modRevision));
	}

	Op renewal() {
		return Etcd.put(this.key, this.value, this.lease);
	}

	/** The fence of the write after one that applied at {@code revision}. */
	LeaderFence after(long revision) {
		return new LeaderFence(this.key, this.epoch, revision, this.value, this.lease);
	}

}
