package dev.coord.core.etcd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.ClusterSnapshot.Handoff;
import dev.coord.core.ClusterSnapshot.Member;
import dev.coord.core.etcd.KeyspaceView.AssignmentEntry;
import dev.coord.core.etcd.KeyspaceView.LeaderEntry;
import dev.coord.core.etcd.KeyspaceView.MemberEntry;
import dev.coord.core.etcd.KeyspaceView.OwnerEntry;
import dev.coord.core.etcd.Records.MemberValue;

/**
 * Turns the view into the immutable {@link ClusterSnapshot} that health, the endpoint and the metrics
 * read. Loop thread only.
 */
final class SnapshotBuilder {

	private final String memberId;

	private final KeyspaceView view;

	SnapshotBuilder(String memberId, KeyspaceView view) {
		this.memberId = memberId;
		this.view = view;
	}

	ClusterSnapshot empty() {
		return new ClusterSnapshot(this.memberId, null, false, 0, List.of(), Map.of(), List.of(), List.of(), 0,
				List.of());
	}

	ClusterSnapshot build(boolean leading, List<String> localTasks) {
		List<Member> members = new ArrayList<>();
		for (MemberEntry entry : new TreeMap<>(this.view.members()).values()) {
			MemberValue value = entry.value();
			members.add((value != null)
					? new Member(entry.id(), value.host(), value.pid(), value.capacity(), value.labels(), value.state(),
							Instant.ofEpochMilli(value.startedAt()), value.version())
					: new Member(entry.id(), "?", 0, 0, Map.of(), "INVALID", Instant.EPOCH, "?"));
		}
		Map<String, List<String>> owners = new TreeMap<>();
		for (OwnerEntry owner : this.view.owners().values()) {
			if (this.view.tasks().containsKey(owner.taskId())) {
				String by = (owner.memberId() != null) ? owner.memberId() : "?";
				owners.computeIfAbsent(by, (id) -> new ArrayList<>()).add(owner.taskId());
			}
		}
		owners.replaceAll((id, tasks) -> tasks.stream().sorted().toList());
		Set<String> assigned = new HashSet<>();
		List<Handoff> handoffs = new ArrayList<>();
		for (AssignmentEntry assignment : this.view.assignments()) {
			String taskId = assignment.taskId();
			if (taskId == null || !this.view.tasks().containsKey(taskId)) {
				continue;
			}
			assigned.add(taskId);
			OwnerEntry owner = this.view.owners().get(taskId);
			if (owner == null || !assignment.memberId().equals(owner.memberId())) {
				handoffs.add(new Handoff(taskId, assignment.memberId(), (owner != null) ? owner.memberId() : null));
			}
		}
		handoffs.sort((a, b) -> a.taskId().compareTo(b.taskId()));
		List<String> unassigned = this.view.tasks().keySet().stream().filter((id) -> !assigned.contains(id)).sorted().toList();
		LeaderEntry leader = this.view.leader();
		return new ClusterSnapshot(this.memberId, (leader != null) ? leader.memberId() : null, leading,
				this.view.revision(), members, owners, unassigned, handoffs, this.view.tasks().size(), localTasks);
	}

}
