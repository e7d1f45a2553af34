package dev.coord.core.etcd;

import java.util.List;

import dev.coord.core.Keyspace;
import dev.coord.core.etcd.Etcd.EtcdUnavailableException;
import dev.coord.core.etcd.KeyspaceView.LeaderEntry;
import dev.coord.core.etcd.Records.LeaderValue;
import io.etcd.jetcd.kv.TxnResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election (DESIGN.md §3): {@code txn(createRevision(leader) == 0 → put leader on my lease)}. The
 * winner's epoch is that create revision, and every write it makes as leader compares it. Tried again on
 * every change of the view (so the delete of the key is taken over at once) and on every periodic re-list
 * (a watch can miss the delete). Loop thread only.
 */
final class Leadership {

	private static final Logger logger = LoggerFactory.getLogger(Leadership.class);

	private final Etcd etcd;

	private final Keyspace keyspace;

	private final String memberId;

	private final boolean eligible;

	private final ListenerDispatcher dispatcher;

	private long epoch;

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
			become(leader.createRevision());
		}
	}

	private void campaign(Incarnation incarnation) {
		String key = this.keyspace.leader();
		byte[] value = Json.write(new LeaderValue(this.memberId, Records.hex(incarnation.leaseId())));
		try {
			TxnResponse response = this.etcd.txn(List.of(Etcd.createRevision(key, 0)),
					List.of(Etcd.put(key, value, incarnation.leaseId())), List.of());
			if (response.isSucceeded()) {
				become(response.getHeader().getRevision());
			}
		}
		catch (EtcdUnavailableException ex) {
			logger.debug("Campaign for leadership has an unknown outcome; the view will tell", ex);
		}
	}

	private void become(long newEpoch) {
		this.epoch = newEpoch;
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
