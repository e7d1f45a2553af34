package dev.coord.event;

import org.springframework.context.ApplicationEvent;

/**
 * Something happened to a task on this member. Listen to this type to receive every task event in
 * order: for one task they alternate {@code assigned, (updated...), revoked, assigned...}.
 */
public abstract class TaskEvent extends ApplicationEvent {

	private final String taskId;

	private final long fencingToken;

	/**
	 * Creates an event.
	 * @param source the {@code Coordinator} that publishes it
	 * @param taskId the task
	 * @param fencingToken the etcd create revision of this member's ownership of the task
	 */
	protected TaskEvent(Object source, String taskId, long fencingToken) {
		super(source);
		this.taskId = taskId;
		this.fencingToken = fencingToken;
	}

	/** The task's id. */
	public String getTaskId() {
		return this.taskId;
	}

	/**
	 * The fencing token of this ownership: the etcd create revision of the ownership key. It grows with
	 * every new owner of the task, so a downstream system that remembers the highest token it has seen
	 * can reject writes from a stale owner.
	 */
	public long getFencingToken() {
		return this.fencingToken;
	}

}
