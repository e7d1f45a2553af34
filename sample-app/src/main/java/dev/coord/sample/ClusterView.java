package dev.coord.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.EngineStatus;
import org.jspecify.annotations.Nullable;

/**
 * The cluster as the page shows it: coord's {@link ClusterSnapshot} of this member, arranged by member,
 * with this member's own pollers.
 *
 * @param cluster the cluster's name
 * @param memberId the member that serves this view
 * @param phase that member's phase
 * @param healthy whether that member is registered with a live lease and no handoff is stuck
 * @param leaderId the coordinator, or null while there is none
 * @param revision the etcd revision of the view
 * @param taskCount the number of tasks
 * @param owned the number of tasks that some member owns
 * @param balanced whether every live member's load is within one task of its capacity's share
 * @param members every registered member and the tasks it owns, the leader first; plus, marked
 * {@code GONE}, any member that still owns tasks but is no longer registered
 * @param unassigned tasks that nobody is assigned
 * @param pendingHandoffs tasks on their way to a member
 * @param pollers this member's pollers
 */
record ClusterView(String cluster, String memberId, String phase, boolean healthy, @Nullable String leaderId,
		long revision, int taskCount, int owned, boolean balanced, List<MemberView> members, List<String> unassigned,
		List<HandoffView> pendingHandoffs, List<FeedPoller.PollerStatus> pollers) {

	static ClusterView of(String cluster, ClusterSnapshot snapshot, EngineStatus status,
			List<FeedPoller.PollerStatus> pollers) {
		Map<String, List<String>> owners = new LinkedHashMap<>(snapshot.owners());
		List<MemberView> members = new ArrayList<>();
		for (ClusterSnapshot.Member member : snapshot.members()) {
			List<String> tasks = owners.remove(member.id());
			members.add(new MemberView(member.id(), member.host(), member.labels().get("port"), member.state(),
					member.capacity(), member.id().equals(snapshot.leaderId()), member.id().equals(snapshot.memberId()),
					(tasks != null) ? tasks : List.of()));
		}
		owners.forEach((id, tasks) -> members
			.add(new MemberView(id, "?", null, "GONE", 0, false, id.equals(snapshot.memberId()), tasks)));
		members.sort((a, b) -> (a.leader() != b.leader()) ? (a.leader() ? -1 : 1) : a.id().compareTo(b.id()));
		int owned = members.stream().mapToInt((member) -> member.tasks().size()).sum();
		List<HandoffView> handoffs = snapshot.pendingHandoffs()
			.stream()
			.map((handoff) -> new HandoffView(handoff.taskId(), handoff.from(), handoff.to()))
			.toList();
		return new ClusterView(cluster, snapshot.memberId(), status.phase().name(), status.healthy(),
				snapshot.leaderId(), snapshot.revision(), snapshot.taskCount(), owned,
				balanced(members, snapshot.taskCount()), members, snapshot.unassigned(), handoffs, pollers);
	}

	/** DESIGN.md's balance rule: each live member within one task of its capacity-proportional share. */
	private static boolean balanced(List<MemberView> members, int taskCount) {
		int capacity = members.stream().filter(MemberView::takesTasks).mapToInt(MemberView::capacity).sum();
		for (MemberView member : members) {
			double share = (member.takesTasks() && capacity > 0) ? (double) taskCount * member.capacity() / capacity
					: 0;
			if (Math.abs(member.tasks().size() - share) > 1) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A member and the tasks it owns.
	 *
	 * @param id member id
	 * @param host its host
	 * @param port its HTTP port (its {@code port} label), or null
	 * @param state {@code ACTIVE}, {@code DRAINING}, or {@code GONE} when it owns tasks but is no longer
	 * registered
	 * @param capacity its relative share of tasks
	 * @param leader whether it is the coordinator
	 * @param self whether it is the member that serves this view
	 * @param tasks the tasks it owns, sorted
	 */
	record MemberView(String id, String host, @Nullable String port, String state, int capacity, boolean leader,
			boolean self, List<String> tasks) {

		boolean takesTasks() {
			return "ACTIVE".equals(this.state) && this.capacity > 0;
		}

	}

	/**
	 * A task on its way to a member.
	 *
	 * @param taskId the task
	 * @param from the member that still owns it, or null
	 * @param to the member it is assigned to
	 */
	record HandoffView(String taskId, @Nullable String from, String to) {

	}

}
