package dev.coord.event;

import dev.coord.core.RevokeReason;

/**
 * This member no longer owns a task: <strong>stop its work before the listener returns</strong>. coord
 * hands the task to its next owner only after every listener returned, which is what guarantees that no
 * task runs on two members at once. A listener that takes longer than {@code coord.member.revoke-timeout}
 * turns health DOWN and shows as a stuck handoff.
 * <p>
 * Published synchronously on the task's dispatch thread, never on a jetcd thread. When the member lost
 * its lease ({@link RevokeReason#LEASE_LOST}) the revocations of all its tasks run in parallel and ahead
 * of any queued event.
 */
public final class TaskRevokedEvent extends TaskEvent {

	private final RevokeReason reason;

	/**
	 * Creates an event.
	 * @param source the publisher
	 * @param taskId the task
	 * @param reason why this member lost the task
	 * @param fencingToken the fencing token of the ownership that ends
	 */
	public TaskRevokedEvent(Object source, String taskId, RevokeReason reason, long fencingToken) {
		super(source, taskId, fencingToken);
		this.reason = reason;
	}

	/** Why this member lost the task. */
	public RevokeReason getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "TaskRevokedEvent[taskId=" + getTaskId() + ", reason=" + this.reason + ", fencingToken="
				+ getFencingToken() + "]";
	}

}
