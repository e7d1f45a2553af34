package dev.coord.core.etcd;

import java.util.List;

import dev.coord.core.Keyspace;
import dev.coord.core.etcd.Etcd.EtcdUnavailableException;
import dev.coord.core.etcd.KeyspaceView.LeaderEntry;
import dev.coord.core.etcd.Records.LeaderValue;
import io.etcd.jetcd.kv.TxnResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election (DESIGN.md §3): {@code txn(createRevision(leader) == 0 → put leader on my lease)}. The
 * winner's epoch is that create revision, and every write it makes as leader compares it. Tried again on
 * every change of the view (so the delete of the key is taken over at once) and on every periodic re-list
 * (a watch can miss the delete). Loop thread only.
 * <p>
 * Every leader write also compares the leader key's mod revision and puts the key again (same value, same
 * lease): each write moves that revision on, so a write that jetcd delivers late, after a newer one,
 * fails its compare instead of undoing the newer one.
 */
final class Leadership {

	private static final Logger logger = LoggerFactory.getLogger(Leadership.class);

	private final Etcd etcd;

	private final Keyspace keyspace;

	private final String memberId;

	private final boolean eligible;

	private final ListenerDispatcher dispatcher;

	private long epoch;

	private byte[] value = new byte[0];

	private long lease;

	Leadership(Etcd etcd, Keyspace keyspace, String memberId, boolean eligible, ListenerDispatcher dispatcher) {
		this.etcd = etcd;
		this.keyspace = keyspace;
		this.memberId = memberId;
		this.eligible = eligible;
		this.dispatcher = dispatcher;
	}

	/** The epoch while leading, else 0. */
	long epoch() {
		return this.epoch;
	}

	boolean leading() {
		return this.epoch != 0;
	}

	void reconcile(KeyspaceView view, Incarnation incarnation, boolean draining) {
		LeaderEntry leader = view.leader();
		if (leading()) {
			if (view.revision() >= this.epoch && (leader == null || leader.createRevision() != this.epoch)) {
				stepDown("the leader key was deleted or taken over");
			}
			return;
		}
		if (!this.eligible || draining || incarnation.fenced()) {
			return;
		}
		if (leader == null) {
			campaign(incarnation);
		}
		else if (leader.lease() == incarnation.leaseId()) {
			// Our own campaign whose answer we never got: it applied.
			become(leader.createRevision(), valueFor(incarnation), incarnation.leaseId());
		}
	}

	/**
	 * What every write as leader compares and renews, from a view that has caught up with this leader's
	 * last write; null when the view shows no leader key of ours.
	 */
	@Nullable LeaderFence fence(KeyspaceView view) {
		LeaderEntry leader = view.leader();
		if (!leading() || leader == null || leader.createRevision() != this.epoch) {
			return null;
		}
		return new LeaderFence(this.keyspace.leader(), this.epoch, leader.modRevision(), this.value, this.lease);
	}

	private byte[] valueFor(Incarnation incarnation) {
		return Json.write(new LeaderValue(this.memberId, Records.hex(incarnation.leaseId())));
	}

	private void campaign(Incarnation incarnation) {
		String key = this.keyspace.leader();
		byte[] value = valueFor(incarnation);
		try {
			TxnResponse response = this.etcd.txn(List.of(Etcd.createRevision(key, 0)),
					List.of(Etcd.put(key, value, incarnation.leaseId())), List.of());
			if (response.isSucceeded()) {
				become(response.getHeader().getRevision(), value, incarnation.leaseId());
			}
		}
		catch (EtcdUnavailableException ex) {
			logger.debug("Campaign for leadership has an unknown outcome; the view will tell", ex);
		}
	}

	private void become(long newEpoch, byte[] leaderValue, long leaderLease) {
		this.epoch = newEpoch;
		this.value = leaderValue;
		this.lease = leaderLease;
		logger.info("Member {} is now the coord leader (epoch {})", this.memberId, newEpoch);
		this.dispatcher.leadershipGranted(newEpoch);
	}

	/** Steps down locally; the leader key, if still ours, goes with the lease or {@link #resign}. */
	void stepDown(String why) {
		if (leading()) {
			logger.info("Member {} is no longer the coord leader (epoch {}): {}", this.memberId, this.epoch, why);
			this.epoch = 0;
			this.dispatcher.leadershipRevoked();
		}
	}

	/** Steps down and deletes the leader key (fenced by the epoch), so another member takes over at once. */
	void resign() {
		if (!leading()) {
			return;
		}
		long resigned = this.epoch;
		stepDown("shutting down");
		String key = this.keyspace.leader();
		try {
			this.etcd.txn(List.of(Etcd.createRevision(key, resigned)), List.of(Etcd.delete(key)), List.of());
		}
		catch (EtcdUnavailableException ex) {
			logger.debug("Could not delete the leader key on resigning; it goes with the lease", ex);
		}
	}

}
