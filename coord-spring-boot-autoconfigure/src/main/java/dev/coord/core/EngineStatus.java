package dev.coord.core;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where a member stands, for health checks.
 *
 * @param phase the member's phase
 * @param sinceLastRenewal time since the send of the last successful lease renewal; null before the first
 * @param stuckRevocations tasks whose revoked listener has overrun {@code member.revoke-timeout}
 * @param lastError the last etcd failure, while it lasts; null once etcd answers again
 */
public record EngineStatus(Phase phase, @Nullable Duration sinceLastRenewal, List<String> stuckRevocations,
		@Nullable String lastError) {

	public EngineStatus {
		stuckRevocations = List.copyOf(stuckRevocations);
	}

	/** Whether the member is registered with a live lease and no handoff is stuck. */
	public boolean healthy() {
		return (phase == Phase.ACTIVE || phase == Phase.DRAINING) && stuckRevocations.isEmpty();
	}

	/** A member's life. */
	public enum Phase {

		/** Not started yet. */
		NEW,

		/** Getting a lease and registering; etcd may be unreachable. */
		JOINING,

		/** Registered with a live lease. */
		ACTIVE,

		/** Lost its lease (or could not prove it alive): revoked its tasks and is joining again. */
		FENCED,

		/** Shutting down gracefully, handing its tasks over. */
		DRAINING,

		/** Closed. */
		STOPPED

	}

}
