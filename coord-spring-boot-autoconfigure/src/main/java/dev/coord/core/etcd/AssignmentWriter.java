package dev.coord.core.etcd;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.coord.core.Keyspace;
import dev.coord.core.etcd.Etcd.EtcdUnavailableException;
import dev.coord.core.etcd.KeyspaceView.AssignmentEntry;
import dev.coord.core.etcd.KeyspaceView.MemberEntry;
import dev.coord.core.etcd.KeyspaceView.OwnerEntry;
import dev.coord.core.etcd.KeyspaceView.TaskEntry;
import dev.coord.core.etcd.Records.AssignmentValue;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a target assignment into fenced transactions (DESIGN.md §3 "Writing"). Every transaction compares
 * the epoch and every key it touches: a delete compares the key's mod revision as the view saw it, a put
 * compares create revision 0. A task's delete and put (a move) go in one transaction; no key appears
 * twice in one. Loop thread only.
 */
final class AssignmentWriter {

	private static final Logger logger = LoggerFactory.getLogger(AssignmentWriter.class);

	private final Etcd etcd;

	private final Keyspace keyspace;

	private final int maxTxnOps;

	AssignmentWriter(Etcd etcd, Keyspace keyspace, int maxTxnOps) {
		this.etcd = etcd;
		this.keyspace = keyspace;
		this.maxTxnOps = maxTxnOps;
	}

	/** The changes that turn the view's assignments into the target, grouped by task. */
	Changes diff(KeyspaceView view, Map<String, String> target) {
		Map<String, Change> changes = new LinkedHashMap<>();
		Set<String> kept = new HashSet<>();
		Set<String> deleted = new HashSet<>();
		for (AssignmentEntry entry : view.assignments()) {
			String taskId = entry.taskId();
			if (taskId != null && isCurrent(view, entry) && entry.memberId().equals(target.get(taskId))
					&& kept.add(taskId)) {
				continue;
			}
			changes.computeIfAbsent((taskId != null) ? taskId : entry.key(), Change::new).deletes.add(entry);
			deleted.add(entry.key());
		}
		for (Map.Entry<String, String> wanted : target.entrySet()) {
			String taskId = wanted.getKey();
			if (kept.contains(taskId)) {
				continue;
			}
			Change change = changes.computeIfAbsent(taskId, Change::new);
			String key = this.keyspace.assignment(wanted.getValue(), taskId);
			// A stale or malformed key of the same name is deleted now, and written again next round.
			if (!deleted.contains(key)) {
				change.putTo = wanted.getValue();
				change.taskRevision = view.tasks().get(taskId).createRevision();
			}
		}
		return new Changes(List.copyOf(changes.values()), urgent(view, changes.values()));
	}

	/** Writes the changes under the epoch, in transactions of at most {@code max-txn-ops} operations. */
	Outcome write(long epoch, Changes changes) {
		long revision = 0;
		List<Cmp> compares = new ArrayList<>();
		List<Op> ops = new ArrayList<>();
		long now = System.currentTimeMillis();
		for (Change change : changes.all()) {
			if (!ops.isEmpty() && ops.size() + change.size() > this.maxTxnOps - 1) {
				Outcome outcome = commit(epoch, compares, ops);
				if (outcome.result() != Result.WRITTEN) {
					return outcome;
				}
				revision = outcome.revision();
				compares.clear();
				ops.clear();
			}
			for (AssignmentEntry entry : change.deletes) {
				compares.add(Etcd.modRevision(entry.key(), entry.modRevision()));
				ops.add(Etcd.delete(entry.key()));
			}
			if (change.putTo != null) {
				String key = this.keyspace.assignment(change.putTo, change.taskId);
				compares.add(Etcd.createRevision(key, 0));
				ops.add(Etcd.put(key, Json.write(new AssignmentValue(epoch, change.taskRevision, now)), 0));
			}
		}
		if (!ops.isEmpty()) {
			return commit(epoch, compares, ops);
		}
		return new Outcome(Result.WRITTEN, revision);
	}

	private Outcome commit(long epoch, List<Cmp> compares, List<Op> ops) {
		String leaderKey = this.keyspace.leader();
		List<Cmp> all = new ArrayList<>(compares.size() + 1);
		all.add(Etcd.createRevision(leaderKey, epoch));
		all.addAll(compares);
		try {
			TxnResponse response = this.etcd.txn(all, ops, List.of(Etcd.get(leaderKey)));
			if (response.isSucceeded()) {
				return new Outcome(Result.WRITTEN, response.getHeader().getRevision());
			}
			List<KeyValue> leader = response.getGetResponses().get(0).getKvs();
			boolean deposed = leader.isEmpty() || leader.get(0).getCreateRevision() != epoch;
			return new Outcome(deposed ? Result.DEPOSED : Result.CONFLICT, response.getHeader().getRevision());
		}
		catch (EtcdUnavailableException ex) {
			logger.debug("Writing assignments has an unknown outcome; listing again", ex);
			return new Outcome(Result.UNKNOWN, 0);
		}
	}

	/**
	 * Deletes owner keys bound to no lease: no member wrote them (a member's owner key lives and dies with
	 * its lease), and left alone they would block their task for ever.
	 */
	Outcome deleteUnleasedOwners(long epoch, KeyspaceView view) {
		List<Cmp> compares = new ArrayList<>();
		List<Op> ops = new ArrayList<>();
		for (OwnerEntry owner : view.owners().values()) {
			if (owner.lease() == 0 && ops.size() < this.maxTxnOps - 1) {
				logger.warn("Deleting {}: an owner key must be bound to its owner's lease", owner.key());
				compares.add(Etcd.modRevision(owner.key(), owner.modRevision()));
				ops.add(Etcd.delete(owner.key()));
			}
		}
		return ops.isEmpty() ? new Outcome(Result.WRITTEN, 0) : commit(epoch, compares, ops);
	}

	/** Valid, for an existing task's current incarnation. */
	private static boolean isCurrent(KeyspaceView view, AssignmentEntry entry) {
		TaskEntry task = view.tasks().get(entry.taskId());
		return entry.value() != null && task != null && entry.value().taskRevision() == task.createRevision();
	}

	/** Anything but a move between two live members is written at once; moves wait for the debounce. */
	private static boolean urgent(KeyspaceView view, Iterable<Change> changes) {
		for (Change change : changes) {
			boolean move = change.putTo != null && change.deletes.size() == 1
					&& isLive(view, change.deletes.get(0).memberId()) && isCurrent(view, change.deletes.get(0));
			if (!move) {
				return true;
			}
		}
		return false;
	}

	private static boolean isLive(KeyspaceView view, @Nullable String memberId) {
		MemberEntry member = (memberId != null) ? view.members().get(memberId) : null;
		return member != null && member.assignable();
	}

	/** The changes of one round; {@code urgent} when any is more than a move between live members. */
	record Changes(List<Change> all, boolean urgent) {

		boolean isEmpty() {
			return all.isEmpty();
		}

	}

	/** What happens to one task (or one malformed key): deletes, and at most one put. */
	static final class Change {

		private final String taskId;

		private final List<AssignmentEntry> deletes = new ArrayList<>(1);

		private @Nullable String putTo;

		private long taskRevision;

		Change(String taskId) {
			this.taskId = taskId;
		}

		int size() {
			return this.deletes.size() + ((this.putTo != null) ? 1 : 0);
		}

	}

	enum Result {

		/** Everything applied. */
		WRITTEN,

		/** The epoch compare failed: someone else leads. */
		DEPOSED,

		/** A key changed since the view saw it: list again and plan again. */
		CONFLICT,

		/** No answer: list again, read before deciding. */
		UNKNOWN

	}

	/** How a write went, and the revision of its last applied transaction. */
	record Outcome(Result result, long revision) {
	}

}
