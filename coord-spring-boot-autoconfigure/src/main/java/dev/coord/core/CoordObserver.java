package dev.coord.core;

import java.time.Duration;

/**
 * Hooks for metrics: the engine reports what happened, a binder outside the engine counts it. Called on
 * engine threads; implementations must be fast and must not throw.
 */
public interface CoordObserver {

	/** Reports nothing. */
	CoordObserver NONE = new CoordObserver() {
	};

	/** The leader wrote a plan: how long planning and writing took, and how many tasks moved. */
	default void rebalanced(Duration duration, int moves, int placements) {
	}

	/** A task assigned to this member was claimed: time from the assignment's write to the claim. */
	default void handedOff(Duration sinceAssignment) {
	}

	/** This member started owning a task. */
	default void taskAssigned() {
	}

	/** This member stopped owning a task. */
	default void taskRevoked(RevokeReason reason) {
	}

	/** A revoked listener overran {@code member.revoke-timeout}. */
	default void revokeOverran(String taskId) {
	}

	/** This member fenced itself because it could not prove its lease alive. */
	default void leaseLost() {
	}

	/** A listener threw. */
	default void listenerFailed(String taskId, Throwable failure) {
	}

	/** A call to etcd failed. */
	default void etcdFailed(Throwable failure) {
	}

	/** A key in etcd was malformed and skipped or repaired. */
	default void invalidKeySkipped(String key) {
	}

}
