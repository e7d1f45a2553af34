package dev.coord.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.CoordEngine;
import dev.coord.core.EngineStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/coord}: the cluster as this member sees it: members and their tasks, the leader,
 * unassigned tasks and pending handoffs.
 */
@Endpoint(id = "coord")
public class CoordEndpoint {

	private final CoordEngine engine;

	private final String cluster;

	/**
	 * Creates the endpoint.
	 * @param engine this member's engine
	 * @param cluster the cluster's name
	 */
	public CoordEndpoint(CoordEngine engine, String cluster) {
		this.engine = engine;
		this.cluster = cluster;
	}

	/** The cluster now. */
	@ReadOperation
	public ClusterDescriptor cluster() {
		EngineStatus status = this.engine.status();
		ClusterSnapshot snapshot = this.engine.snapshot();
		List<MemberDescriptor> members = snapshot.members()
			.stream()
			.map((member) -> new MemberDescriptor(member.id(), member.host(), member.pid(), member.capacity(),
					member.labels(), member.state(), member.startedAt(), member.version(),
					snapshot.owners().getOrDefault(member.id(), List.of())))
			.toList();
		List<HandoffDescriptor> handoffs = snapshot.pendingHandoffs()
			.stream()
			.map((handoff) -> new HandoffDescriptor(handoff.taskId(), handoff.from(), handoff.to()))
			.toList();
		return new ClusterDescriptor(this.cluster, snapshot.memberId(), status.phase().name(),
				status.healthy(), snapshot.leaderId(), snapshot.leader(), snapshot.revision(), snapshot.taskCount(),
				members, snapshot.localTasks(), snapshot.unassigned(), handoffs, status.stuckRevocations(),
				status.lastError());
	}

	/**
	 * The cluster as one member sees it.
	 *
	 * @param cluster the cluster's name
	 * @param memberId this member
	 * @param phase this member's phase
	 * @param healthy whether this member is registered with a live lease and no handoff is stuck
	 * @param leaderId the coordinator, or null while there is none
	 * @param leader whether this member is the coordinator
	 * @param revision the etcd revision of this view
	 * @param taskCount the number of valid task definitions
	 * @param members every registered member, with the tasks it owns
	 * @param localTasks the tasks this member runs now
	 * @param unassigned tasks that nobody is assigned
	 * @param pendingHandoffs tasks on their way to a member
	 * @param stuckRevocations tasks whose revoked listener overran coord.member.revoke-timeout here
	 * @param lastError this member's last etcd failure, while it lasts
	 */
	public record ClusterDescriptor(String cluster, String memberId, String phase, boolean healthy,
			@Nullable String leaderId, boolean leader, long revision, int taskCount, List<MemberDescriptor> members,
			List<String> localTasks, List<String> unassigned, List<HandoffDescriptor> pendingHandoffs,
			List<String> stuckRevocations, @Nullable String lastError) implements OperationResponseBody {

	}

	/**
	 * A member and the tasks it owns.
	 *
	 * @param id member id
	 * @param host host name
	 * @param pid process id
	 * @param capacity relative share of tasks
	 * @param labels labels
	 * @param state ACTIVE or DRAINING
	 * @param startedAt when it started
	 * @param version coord's version on it
	 * @param tasks the tasks it owns
	 */
	public record MemberDescriptor(String id, String host, long pid, int capacity, Map<String, String> labels,
			String state, Instant startedAt, String version, List<String> tasks) {

	}

	/**
	 * A task on its way to a member.
	 *
	 * @param taskId the task
	 * @param from the member that still owns it, or null
	 * @param to the member it is assigned to
	 */
	public record HandoffDescriptor(String taskId, @Nullable String from, String to) {

	}

}
