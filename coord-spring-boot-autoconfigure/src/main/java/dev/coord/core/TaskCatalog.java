package dev.coord.core;

import java.util.Map;

/**
 * The task definitions of a cluster ({@code tasks/} in etcd): what the "other system" of the design
 * writes. Any member may use it; the coordinator picks the changes up by itself.
 */
public interface TaskCatalog {

	/** Creates or replaces a task's payload. */
	void put(String taskId, byte[] payload);

	/** Creates the task only if it does not exist; returns whether it did so. */
	boolean putIfAbsent(String taskId, byte[] payload);

	/** Deletes a task; its owner gets a revoke with reason {@code TASK_REMOVED}. Returns whether it existed. */
	boolean remove(String taskId);

	/** Every task and its payload, read at one revision. */
	Map<String, byte[]> list();

}
