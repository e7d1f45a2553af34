package dev.coord.core;

/**
 * Receives what the engine decides for this member. Called on the engine's dispatch threads, never on
 * a jetcd or Vert.x thread. Calls for one task are strictly ordered and alternate
 * {@code assigned, (updated...), revoked, assigned...}; calls for different tasks may run concurrently;
 * leadership calls are ordered among themselves.
 * <p>
 * A revoked call must stop the task's work before it returns: the engine releases the task to its next
 * owner only after it returned. An exception is logged and counted and does not stop the engine.
 */
public interface CoordListener {

	/** Does nothing: for members that only coordinate. */
	CoordListener NO_OP = new CoordListener() {
	};

	/** This member now owns the task: start its work. */
	default void taskAssigned(String taskId, byte[] payload, long fencingToken, String memberId) {
	}

	/** The payload of a task this member owns changed; the fencing token stays the same. */
	default void taskUpdated(String taskId, byte[] payload, long fencingToken) {
	}

	/** This member no longer owns the task: stop its work before returning. */
	default void taskRevoked(String taskId, RevokeReason reason, long fencingToken) {
	}

	/** This member became the coordinator; {@code epoch} fences every write it makes as such. */
	default void leadershipGranted(long epoch) {
	}

	/** This member stopped being the coordinator. */
	default void leadershipRevoked(long epoch) {
	}

}
