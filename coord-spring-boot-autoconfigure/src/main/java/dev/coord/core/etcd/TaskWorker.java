package dev.coord.core.etcd;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

import dev.coord.core.CoordObserver;
import dev.coord.core.Keyspace;
import dev.coord.core.RevokeReason;
import dev.coord.core.etcd.Etcd.EtcdUnavailableException;
import dev.coord.core.etcd.KeyspaceView.AssignmentEntry;
import dev.coord.core.etcd.KeyspaceView.OwnerEntry;
import dev.coord.core.etcd.KeyspaceView.TaskEntry;
import dev.coord.core.etcd.Records.OwnerValue;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
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

	private final Etcd etcd;

	private final Keyspace keyspace;

	private final String memberId;

	private final ListenerDispatcher dispatcher;

	private final CoordObserver observer;

	private final Executor loop;

	private final Runnable reconcileAgain;

	private final Map<String, Local> local = new HashMap<>();

	/** Tasks not to claim before the view reaches a revision: after a failed claim, or a release. */
	private final Map<String, Long> waitForRevision = new HashMap<>();

	/** Claims whose outcome is unknown: the view tells whether they applied. */
	private final Set<String> ambiguousClaims = new HashSet<>();

	TaskWorker(Etcd etcd, Keyspace keyspace, String memberId, ListenerDispatcher dispatcher, CoordObserver observer,
			Executor loop, Runnable reconcileAgain) {
		this.etcd = etcd;
		this.keyspace = keyspace;
		this.memberId = memberId;
		this.dispatcher = dispatcher;
		this.observer = observer;
		this.loop = loop;
		this.reconcileAgain = reconcileAgain;
	}

	void reconcile(KeyspaceView view, Incarnation incarnation, boolean draining) {
		if (incarnation.fenced()) {
			return;
		}
		for (Local task : List.copyOf(this.local.values())) {
			switch (task.state) {
				case ACTIVE -> checkActive(view, incarnation, task, draining);
				case RELEASING -> checkReleasing(view, task);
				case REVOKING -> {
				}
			}
		}
		settleAmbiguousClaims(view, incarnation);
		if (!draining) {
			claimAssigned(view, incarnation);
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
		this.ambiguousClaims.clear();
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

	private void checkReleasing(KeyspaceView view, Local task) {
		OwnerEntry owner = view.owners().get(task.taskId);
		if (owner == null || owner.createRevision() != task.token) {
			this.local.remove(task.taskId);
		}
		else if (view.revision() >= this.waitForRevision.getOrDefault(task.taskId, 0L)) {
			release(task);
		}
	}

	private void claimAssigned(KeyspaceView view, Incarnation incarnation) {
		for (AssignmentEntry assignment : List.copyOf(view.assignmentsOf(this.memberId).values())) {
			String taskId = assignment.taskId();
			TaskEntry definition = view.tasks().get(taskId);
			if (taskId == null || assignment.value() == null || this.local.containsKey(taskId) || definition == null
					|| assignment.value().taskRevision() != definition.createRevision()
					|| view.revision() < this.waitForRevision.getOrDefault(taskId, 0L)) {
				continue;
			}
			OwnerEntry owner = view.owners().get(taskId);
			if (owner == null) {
				claim(incarnation, assignment, definition);
			}
			else if (owner.lease() == incarnation.leaseId()) {
				// Our own claim whose answer we never got: it applied, and the task is still ours.
				adopt(incarnation, assignment, definition, owner.createRevision());
			}
		}
	}

	private void claim(Incarnation incarnation, AssignmentEntry assignment, TaskEntry definition) {
		String taskId = definition.id();
		String ownerKey = this.keyspace.owner(taskId);
		String taskKey = this.keyspace.task(taskId);
		byte[] owner = Json.write(new OwnerValue(this.memberId, Records.hex(incarnation.leaseId())));
		TxnResponse response;
		try {
			response = this.etcd.txn(
					List.of(Etcd.createRevision(ownerKey, 0),
							Etcd.createRevision(this.keyspace.assignment(this.memberId, taskId),
									assignment.createRevision()),
							Etcd.createRevision(taskKey, definition.createRevision())),
					List.of(Etcd.put(ownerKey, owner, incarnation.leaseId()), Etcd.get(taskKey)), List.of());
		}
		catch (EtcdUnavailableException ex) {
			logger.debug("Claim of task '{}' has an unknown outcome", taskId, ex);
			this.ambiguousClaims.add(taskId);
			return;
		}
		if (!response.isSucceeded()) {
			// Still owned by someone else, or the assignment or the task changed: wait for the view to say so.
			this.waitForRevision.put(taskId, response.getHeader().getRevision());
			return;
		}
		KeyValue claimed = response.getGetResponses().get(0).getKvs().get(0);
		long token = response.getHeader().getRevision();
		Local task = new Local(taskId, token, assignment.createRevision(), definition.createRevision(),
				claimed.getModRevision());
		start(incarnation, task, claimed.getValue().getBytes());
		if (assignment.value() != null) {
			this.observer.handedOff(
					Duration.ofMillis(Math.max(0, System.currentTimeMillis() - assignment.value().assignedAt())));
		}
	}

	private void adopt(Incarnation incarnation, AssignmentEntry assignment, TaskEntry definition, long token) {
		this.ambiguousClaims.remove(definition.id());
		start(incarnation, new Local(definition.id(), token, assignment.createRevision(), definition.createRevision(),
				definition.modRevision()), definition.payload());
	}

	private void start(Incarnation incarnation, Local task, byte[] payload) {
		if (this.dispatcher.assign(incarnation, task.taskId, payload, task.token, this.memberId)) {
			this.local.put(task.taskId, task);
		}
	}

	/** An unanswered claim that applied but whose assignment is gone: give the key back. */
	private void settleAmbiguousClaims(KeyspaceView view, Incarnation incarnation) {
		for (String taskId : List.copyOf(this.ambiguousClaims)) {
			OwnerEntry owner = view.owners().get(taskId);
			if (owner == null || owner.lease() != incarnation.leaseId()) {
				this.ambiguousClaims.remove(taskId);
			}
			else if (!view.assignmentsOf(this.memberId).containsKey(taskId) && !this.local.containsKey(taskId)) {
				this.ambiguousClaims.remove(taskId);
				Local orphan = new Local(taskId, owner.createRevision(), 0, 0, 0);
				orphan.state = State.RELEASING;
				this.local.put(taskId, orphan);
				release(orphan);
			}
		}
	}

	private void revoke(Incarnation incarnation, Local task, RevokeReason reason, boolean release) {
		task.state = State.REVOKING;
		this.dispatcher.revoke(task.taskId, reason, task.token).thenRunAsync(() -> {
			if (incarnation.fenced() || this.local.get(task.taskId) != task) {
				return;
			}
			if (release) {
				task.state = State.RELEASING;
				release(task);
			}
			else {
				this.local.remove(task.taskId);
			}
			this.reconcileAgain.run();
		}, this.loop);
	}

	/** Deletes our owner key, comparing its create revision with our token: never someone else's key. */
	private void release(Local task) {
		String ownerKey = this.keyspace.owner(task.taskId);
		try {
			TxnResponse response = this.etcd.txn(List.of(Etcd.createRevision(ownerKey, task.token)),
					List.of(Etcd.delete(ownerKey)), List.of());
			this.local.remove(task.taskId);
			this.waitForRevision.put(task.taskId, response.getHeader().getRevision());
		}
		catch (EtcdUnavailableException ex) {
			logger.debug("Release of task '{}' has an unknown outcome; the view will tell", task.taskId, ex);
		}
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
