package dev.coord.core.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import dev.coord.core.CoordObserver;
import dev.coord.core.Keyspace;
import dev.coord.core.RevokeReason;
import dev.coord.core.etcd.Etcd.EtcdUnavailableException;
import dev.coord.core.etcd.KeyspaceView.AssignmentEntry;
import dev.coord.core.etcd.KeyspaceView.OwnerEntry;
import dev.coord.core.etcd.KeyspaceView.TaskEntry;
import dev.coord.core.etcd.Records.OwnerValue;
import dev.coord.core.etcd.Records.AssignmentValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of a member: claims the tasks assigned to it, starts them only once claimed, stops
 * them when their assignment goes, and releases them only once stopped (DESIGN.md §3 "Ownership and
 * handoff"). Level-triggered: {@link #reconcile} compares the view with what runs here and acts on the
 * difference, so a missed or repeated watch event cannot leave it wrong for longer than one re-list.
 * Loop thread only.
 */
final class TaskWorker {

	private static final Logger logger = LoggerFactory.getLogger(TaskWorker.class);

	/** Compares in the transaction of one claim. */
	private static final int CLAIM_COMPARES = 3;

	private final Etcd etcd;

	private final Keyspace keyspace;

	private final String memberId;

	private final ListenerDispatcher dispatcher;

	private final CoordObserver observer;

	private final Executor loop;

	private final Runnable reconcileAgain;

	private final int maxTxnOps;

	private final Map<String, Local> local = new HashMap<>();

	/** Tasks not to claim before the view reaches a revision: after a failed claim, or a release. */
	private final Map<String, Long> waitForRevision = new HashMap<>();

	TaskWorker(Etcd etcd, Keyspace keyspace, String memberId, ListenerDispatcher dispatcher, CoordObserver observer,
			Executor loop, Runnable reconcileAgain, int maxTxnOps) {
		this.etcd = etcd;
		this.keyspace = keyspace;
		this.memberId = memberId;
		this.dispatcher = dispatcher;
		this.observer = observer;
		this.loop = loop;
		this.reconcileAgain = reconcileAgain;
		this.maxTxnOps = maxTxnOps;
	}

	void reconcile(KeyspaceView view, Incarnation incarnation, boolean draining) {
		if (incarnation.fenced()) {
			return;
		}
		List<Local> releases = new ArrayList<>();
		for (Local task : List.copyOf(this.local.values())) {
			switch (task.state) {
				case ACTIVE -> checkActive(view, incarnation, task, draining);
				case RELEASING -> checkReleasing(view, task, releases);
				case REVOKING -> {
				}
			}
		}
		collectStrays(view, incarnation, draining, releases);
		release(releases);
		if (!draining) {
			claim(view, incarnation, claimable(view, incarnation));
		}
	}

	/** Stops every task for shutdown; they are released as their listeners return. */
	void revokeAll(Incarnation incarnation) {
		for (Local task : List.copyOf(this.local.values())) {
			if (task.state == State.ACTIVE) {
				revoke(incarnation, task, RevokeReason.SHUTDOWN, true);
			}
		}
	}

	/** Whether nothing runs or waits for release here. */
	boolean idle() {
		return this.local.isEmpty();
	}

	/** Forgets everything: the incarnation was fenced, its lease revokes its owner keys. */
	void reset() {
		this.local.clear();
		this.waitForRevision.clear();
	}

	private void checkActive(KeyspaceView view, Incarnation incarnation, Local task, boolean draining) {
		TaskEntry definition = view.tasks().get(task.taskId);
		AssignmentEntry assignment = view.assignmentsOf(this.memberId).get(task.taskId);
		OwnerEntry owner = view.owners().get(task.taskId);
		if (definition == null || definition.createRevision() != task.taskRevision) {
			revoke(incarnation, task, draining ? RevokeReason.SHUTDOWN : RevokeReason.TASK_REMOVED, true);
		}
		else if (assignment == null || assignment.createRevision() != task.assignmentRevision) {
			revoke(incarnation, task, draining ? RevokeReason.SHUTDOWN : RevokeReason.REASSIGNED, true);
		}
		else if (view.revision() >= task.token && (owner == null || owner.createRevision() != task.token)) {
			logger.warn("The owner key of task '{}' (token {}) was deleted or replaced behind this member's back "
					+ "(now {} at revision {}); stopping the task", task.taskId, task.token, owner, view.revision());
			revoke(incarnation, task, RevokeReason.LEASE_LOST, false);
		}
		else if (definition.modRevision() > task.payloadRevision) {
			task.payloadRevision = definition.modRevision();
			this.dispatcher.update(task.taskId, definition.payload(), task.token);
		}
	}

	private void checkReleasing(KeyspaceView view, Local task, List<Local> releases) {
		OwnerEntry owner = view.owners().get(task.taskId);
		if (view.revision() >= task.token && (owner == null || owner.createRevision() != task.token)) {
			this.local.remove(task.taskId);
		}
		else if (view.revision() >= this.waitForRevision.getOrDefault(task.taskId, 0L)) {
			releases.add(task);
		}
	}

	/** Tasks assigned here that nobody owns, as the view has them; adopts our own unanswered claims. */
	private List<Claim> claimable(KeyspaceView view, Incarnation incarnation) {
		List<Claim> claims = new ArrayList<>();
		for (AssignmentEntry assignment : view.assignmentsOf(this.memberId).values()) {
			String taskId = assignment.taskId();
			TaskEntry definition = view.tasks().get(taskId);
			if (taskId == null || assignment.value() == null || this.local.containsKey(taskId) || definition == null
					|| assignment.value().taskRevision() != definition.createRevision()
					|| view.revision() < this.waitForRevision.getOrDefault(taskId, 0L)) {
				continue;
			}
			OwnerEntry owner = view.owners().get(taskId);
			if (owner == null) {
				claims.add(new Claim(assignment, definition));
			}
			else if (owner.lease() == incarnation.leaseId()) {
				// Our own claim whose answer we never got: it applied, and the task is still ours.
				start(incarnation, new Local(taskId, owner.createRevision(), assignment.createRevision(),
						definition.createRevision(), definition.modRevision()), definition.payload());
			}
		}
		return claims;
	}

	/**
	 * Claims tasks, many per request: each claim is a transaction of its own nested in one, so that one
	 * failed claim does not fail the others. A claim applies only if nobody owns the task and the
	 * assignment and the task (payload included) are those the view has, so the payload the listener gets
	 * is the one that was current when the claim applied.
	 */
	private void claim(KeyspaceView view, Incarnation incarnation, List<Claim> claims) {
		byte[] owner = Json.write(new OwnerValue(this.memberId, Records.hex(incarnation.leaseId())));
		for (List<Claim> batch : batches(claims, CLAIM_COMPARES)) {
			List<Op> nested = new ArrayList<>(batch.size());
			for (Claim claim : batch) {
				String taskId = claim.definition().id();
				String ownerKey = this.keyspace.owner(taskId);
				String taskKey = this.keyspace.task(taskId);
				// The task's mod revision pins its incarnation and its payload: revisions are never reused.
				nested.add(Op.txn(new Cmp[] { Etcd.createRevision(ownerKey, 0),
						Etcd.createRevision(this.keyspace.assignment(this.memberId, taskId),
								claim.assignment().createRevision()),
						Etcd.modRevision(taskKey, claim.definition().modRevision()) },
						new Op[] { Etcd.put(ownerKey, owner, incarnation.leaseId()) }, new Op[0]));
			}
			TxnResponse response;
			try {
				response = this.etcd.txn(List.of(), nested, List.of());
			}
			catch (EtcdUnavailableException ex) {
				// If they applied, the owner keys show up in the view on our lease: adopted or released then.
				logger.debug("Claims of {} tasks have an unknown outcome", batch.size(), ex);
				return;
			}
			long token = response.getHeader().getRevision();
			List<TxnResponse> outcomes = response.getTxnResponses();
			for (int i = 0; i < batch.size(); i++) {
				Claim claim = batch.get(i);
				TaskEntry definition = claim.definition();
				if (!outcomes.get(i).isSucceeded()) {
					// Owned by someone else still, or the assignment or the task changed since the view saw them:
					// try again once the view has moved on. (Not the header's revision: writes outside the
					// cluster's prefix raise it, and no event of ours would ever reach it.)
					this.waitForRevision.put(definition.id(), view.revision() + 1);
					continue;
				}
				start(incarnation, new Local(definition.id(), token, claim.assignment().createRevision(),
						definition.createRevision(), definition.modRevision()), definition.payload());
				AssignmentValue assigned = claim.assignment().value();
				if (assigned != null) {
					this.observer
						.handedOff(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - assigned.assignedAt())));
				}
			}
		}
	}

	private void start(Incarnation incarnation, Local task, byte[] payload) {
		if (this.dispatcher.assign(incarnation, task.taskId, payload, task.token, this.memberId)) {
			this.local.put(task.taskId, task);
		}
	}

	/**
	 * Owner keys on our lease that nothing here runs: a claim whose answer never came but that applied.
	 * Those still assigned to us are adopted by {@link #claimable}; the others are given back.
	 */
	private void collectStrays(KeyspaceView view, Incarnation incarnation, boolean draining, List<Local> releases) {
		for (String taskId : view.ownedUnder(incarnation.leaseId())) {
			boolean adoptable = !draining && view.assignmentsOf(this.memberId).containsKey(taskId);
			if (this.local.containsKey(taskId) || adoptable
					|| view.revision() < this.waitForRevision.getOrDefault(taskId, 0L)) {
				continue;
			}
			Local stray = new Local(taskId, view.owners().get(taskId).createRevision(), 0, 0, 0);
			stray.state = State.RELEASING;
			this.local.put(taskId, stray);
			releases.add(stray);
		}
	}

	private void revoke(Incarnation incarnation, Local task, RevokeReason reason, boolean release) {
		task.state = State.REVOKING;
		this.dispatcher.revoke(task.taskId, reason, task.token).thenRunAsync(() -> {
			if (incarnation.fenced() || this.local.get(task.taskId) != task) {
				return;
			}
			if (release) {
				// Released by the next reconcile, together with whatever else stopped meanwhile.
				task.state = State.RELEASING;
			}
			else {
				this.local.remove(task.taskId);
			}
			this.reconcileAgain.run();
		}, this.loop);
	}

	/**
	 * Deletes our owner keys, each comparing its create revision with our token: never someone else's
	 * key. Many per request, each in a transaction of its own nested in one.
	 */
	private void release(List<Local> tasks) {
		for (List<Local> batch : batches(tasks, 1)) {
			List<Op> nested = new ArrayList<>(batch.size());
			for (Local task : batch) {
				String ownerKey = this.keyspace.owner(task.taskId);
				nested.add(Op.txn(new Cmp[] { Etcd.createRevision(ownerKey, task.token) },
						new Op[] { Etcd.delete(ownerKey) }, new Op[0]));
			}
			try {
				TxnResponse response = this.etcd.txn(List.of(), nested, List.of());
				for (Local task : batch) {
					this.local.remove(task.taskId);
					this.waitForRevision.put(task.taskId, response.getHeader().getRevision());
				}
			}
			catch (EtcdUnavailableException ex) {
				logger.debug("Releases of {} tasks have an unknown outcome; the view will tell", batch.size(), ex);
				return;
			}
		}
	}

	/**
	 * Splits nested transactions into requests etcd accepts: it checks a nested transaction against what
	 * is left of {@code --max-txn-ops} after the outer one's operations, so n nested transactions of k
	 * compares each need n + k ≤ max-txn-ops.
	 */
	private <T> List<List<T>> batches(List<T> all, int opsEach) {
		int size = Math.max(1, this.maxTxnOps - opsEach);
		List<List<T>> batches = new ArrayList<>();
		for (int from = 0; from < all.size(); from += size) {
			batches.add(all.subList(from, Math.min(all.size(), from + size)));
		}
		return batches;
	}

	/** A task to claim, as the view has its assignment and definition. */
	private record Claim(AssignmentEntry assignment, TaskEntry definition) {
	}

	private enum State {

		ACTIVE, REVOKING, RELEASING

	}

	/** A task this member runs, stops or still has to release. */
	private static final class Local {

		private final String taskId;

		private final long token;

		private final long assignmentRevision;

		private final long taskRevision;

		private long payloadRevision;

		private State state = State.ACTIVE;

		Local(String taskId, long token, long assignmentRevision, long taskRevision, long payloadRevision) {
			this.taskId = taskId;
			this.token = token;
			this.assignmentRevision = assignmentRevision;
			this.taskRevision = taskRevision;
			this.payloadRevision = payloadRevision;
		}

	}

}
