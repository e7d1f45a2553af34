package dev.coord.autoconfigure;

import java.util.List;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.CoordEngine;
import dev.coord.core.CoordSettings;
import dev.coord.core.EngineStatus;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of this member and its cluster, for the application, health and the endpoint. Each
 * call reads the engine's current state; to read several values that agree, take one
 * {@link #snapshot()}. Also the source of every coord event.
 */
public final class Coordinator {

	private final CoordEngine engine;

	private final CoordSettings settings;

	/**
	 * Creates a view of an engine.
	 * @param engine the engine
	 * @param settings the settings the engine runs with
	 */
	public Coordinator(CoordEngine engine, CoordSettings settings) {
		this.engine = engine;
		this.settings = settings;
	}

	/** The cluster's name ({@code coord.cluster}). */
	public String getCluster() {
		return this.settings.cluster();
	}

	/** This member's id ({@code coord.member.id}, or the generated one). */
	public String getMemberId() {
		return this.settings.memberId();
	}

	/** Whether this member is the coordinator now. */
	public boolean isLeader() {
		return this.engine.snapshot().leader();
	}

	/** The coordinator's member id, or null while there is none. */
	public @Nullable String getLeaderId() {
		return this.engine.snapshot().leaderId();
	}

	/** The tasks this member runs now: assigned listener called, revoked listener not yet returned. */
	public List<String> getOwnedTasks() {
		return this.engine.snapshot().localTasks();
	}

	/** The cluster's registered members. */
	public List<ClusterSnapshot.Member> getMembers() {
		return this.engine.snapshot().members();
	}

	/** Whether this member is registered with a live lease and no handoff is stuck. */
	public boolean isHealthy() {
		return this.engine.status().healthy();
	}

	/** The whole cluster as this member sees it, at one etcd revision. */
	public ClusterSnapshot snapshot() {
		return this.engine.snapshot();
	}

	/** Where this member stands: phase, last renewal, stuck revocations, last etcd error. */
	public EngineStatus status() {
		return this.engine.status();
	}

	@Override
	public String toString() {
		return "Coordinator[cluster=" + this.settings.cluster() + ", member=" + this.settings.memberId() + "]";
	}

}
