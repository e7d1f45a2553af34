package dev.coord.core;

/**
 * Why a member stopped owning a task.
 */
public enum RevokeReason {

	/** The leader moved the task to another member. */
	REASSIGNED,

	/** The task's definition was deleted (or deleted and created again, which makes it a new task). */
	TASK_REMOVED,

	/** The member could not prove its lease was alive, or etcd said the lease is gone. */
	LEASE_LOST,

	/** The member is shutting down. */
	SHUTDOWN

}
