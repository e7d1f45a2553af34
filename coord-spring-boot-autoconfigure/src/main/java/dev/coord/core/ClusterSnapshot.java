package dev.coord.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The cluster as one member sees it, at one etcd revision. Immutable.
 *
 * @param memberId this member's id
 * @param leaderId the coordinator's member id, or null while there is none
 * @param leader whether this member is the coordinator
 * @param revision the etcd revision this view is at (0 before the first read)
 * @param members the registered members, by id
 * @param owners each member's owned tasks (from {@code owners/}), by member id, sorted
 * @param unassigned tasks that nobody is assigned, sorted
 * @param pendingHandoffs tasks assigned to a member that does not own them yet, sorted by task
 * @param taskCount the number of valid task definitions
 * @param localTasks the tasks this member runs now (assigned listener called, revoked not yet returned)
 */
public record ClusterSnapshot(String memberId, @Nullable String leaderId, boolean leader, long revision,
		List<Member> members, Map<String, List<String>> owners, List<String> unassigned, List<Handoff> pendingHandoffs,
		int taskCount, List<String> localTasks) {

	public ClusterSnapshot {
		members = List.copyOf(members);
		owners = Map.copyOf(owners);
		unassigned = List.copyOf(unassigned);
		pendingHandoffs = List.copyOf(pendingHandoffs);
		localTasks = List.copyOf(localTasks);
	}

	/**
	 * A registered member.
	 *
	 * @param id member id
	 * @param host host name
	 * @param pid process id
	 * @param capacity relative share of tasks
	 * @param labels free-form labels
	 * @param state {@code ACTIVE} or {@code DRAINING}
	 * @param startedAt when it started
	 * @param version coord's version on it
	 */
	public record Member(String id, String host, long pid, int capacity, Map<String, String> labels, String state,
			Instant startedAt, String version) {
	}

	/**
	 * A task on its way to a member.
	 *
	 * @param taskId the task
	 * @param to the member it is assigned to
	 * @param from the member that still owns it, or null when nobody does
	 */
	public record Handoff(String taskId, String to, @Nullable String from) {
	}

}
