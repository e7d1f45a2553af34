package dev.coord.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.CoordEngine;
import dev.coord.core.EngineStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code coord}: UP while this member is registered with a live lease and no handoff is stuck; DOWN while
 * it is joining (etcd unreachable), after it lost its lease (etcd unreachable past
 * {@code coord.member.renew-deadline}), or while a revoked listener overruns
 * {@code coord.member.revoke-timeout}. Add it to the readiness group with
 * {@code management.endpoint.health.group.readiness.include=readinessState,coord}.
 */
public class CoordHealthIndicator implements HealthIndicator {

	private final CoordEngine engine;

	private final String cluster;

	/**
	 * Creates an indicator.
	 * @param engine this member's engine
	 * @param cluster the cluster's name
	 */
	public CoordHealthIndicator(CoordEngine engine, String cluster) {
		this.engine = engine;
		this.cluster = cluster;
	}

	@Override
	public Health health() {
		try {
			EngineStatus status = this.engine.status();
			ClusterSnapshot snapshot = this.engine.snapshot();
			Health.Builder builder = status.healthy() ? Health.up() : Health.down();
			return builder.withDetails(details(status, snapshot)).build();
		}
		catch (RuntimeException ex) {
			return Health.down(ex).withDetail("cluster", this.cluster).build();
		}
	}

	private Map<String, Object> details(EngineStatus status, ClusterSnapshot snapshot) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("cluster", this.cluster);
		details.put("memberId", snapshot.memberId());
		details.put("phase", status.phase());
		details.put("leaderId", (snapshot.leaderId() != null) ? snapshot.leaderId() : "none");
		details.put("leader", snapshot.leader());
		details.put("members", snapshot.members().size());
		details.put("ownedTasks", snapshot.localTasks().size());
		details.put("pendingTasks", pendingFor(snapshot));
		if (status.sinceLastRenewal() != null) {
			details.put("sinceLastRenewal", status.sinceLastRenewal().toMillis() + "ms");
		}
		if (!status.stuckRevocations().isEmpty()) {
			details.put("stuckRevocations", status.stuckRevocations());
		}
		if (status.lastError() != null) {
			details.put("lastError", status.lastError());
		}
		return details;
	}

	/** Tasks on their way to this member: assigned, not claimed yet. */
	private static long pendingFor(ClusterSnapshot snapshot) {
		List<ClusterSnapshot.Handoff> handoffs = snapshot.pendingHandoffs();
		return handoffs.stream().filter((handoff) -> handoff.to().equals(snapshot.memberId())).count();
	}

}
