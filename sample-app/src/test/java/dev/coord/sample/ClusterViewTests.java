package dev.coord.sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.ClusterSnapshot.Handoff;
import dev.coord.core.ClusterSnapshot.Member;
import dev.coord.core.EngineStatus;
import dev.coord.core.EngineStatus.Phase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewTests {

	private static final EngineStatus ACTIVE = new EngineStatus(Phase.ACTIVE, null, List.of(), null);

	@Test
	void listsTheLeaderFirstWithTheTasksOfEachMember() {
		ClusterView view = view(List.of(member("a", "ACTIVE"), member("b", "ACTIVE")), "b",
				Map.of("a", List.of("t1", "t3"), "b", List.of("t2")), 3);
		assertThat(view.members()).extracting(ClusterView.MemberView::id).containsExactly("b", "a");
		assertThat(view.members().get(0).leader()).isTrue();
		assertThat(view.members().get(1).tasks()).containsExactly("t1", "t3");
		assertThat(view.members().get(1).self()).isTrue();
		assertThat(view.members().get(1).port()).isEqualTo("8081");
		assertThat(view.owned()).isEqualTo(3);
		assertThat(view.balanced()).isTrue();
	}

	@Test
	void showsAMemberThatStillOwnsTasksButIsNoLongerRegisteredAsGone() {
		ClusterView view = view(List.of(member("a", "ACTIVE")), "a",
				Map.of("a", List.of("t1"), "crashed", List.of("t2")), 2);
		assertThat(view.members()).filteredOn((member) -> member.id().equals("crashed"))
			.singleElement()
			.satisfies((member) -> {
				assertThat(member.state()).isEqualTo("GONE");
				assertThat(member.tasks()).containsExactly("t2");
			});
		assertThat(view.owned()).isEqualTo(2);
	}

	@Test
	void isBalancedWhenEveryLiveMemberIsWithinOneTaskOfItsShare() {
		List<Member> members = List.of(member("a", "ACTIVE"), member("b", "ACTIVE"), member("c", "DRAINING"));
		assertThat(view(members, "a", Map.of("a", List.of("1", "2"), "b", List.of("3")), 3).balanced()).isTrue();
		assertThat(view(members, "a", Map.of("a", List.of("1", "2", "3")), 3).balanced()).isFalse();
		assertThat(view(members, "a", Map.of("a", List.of("1"), "b", List.of("2"), "c", List.of("3")), 3).balanced())
			.isTrue();
		assertThat(view(members, "a", Map.of("c", List.of("1", "2", "3")), 3).balanced()).isFalse();
	}

	@Test
	void carriesUnassignedTasksAndPendingHandoffs() {
		ClusterSnapshot snapshot = new ClusterSnapshot("a", "a", true, 7, List.of(member("a", "ACTIVE")),
				Map.of("a", List.of("t1")), List.of("t3"), List.of(new Handoff("t2", "a", null)), 3, List.of("t1"));
		ClusterView view = ClusterView.of("demo", snapshot, ACTIVE, List.of());
		assertThat(view.unassigned()).containsExactly("t3");
		assertThat(view.pendingHandoffs()).containsExactly(new ClusterView.HandoffView("t2", null, "a"));
		assertThat(view.revision()).isEqualTo(7);
		assertThat(view.cluster()).isEqualTo("demo");
	}

	private static ClusterView view(List<Member> members, String leader, Map<String, List<String>> owners,
			int tasks) {
		ClusterSnapshot snapshot = new ClusterSnapshot("a", leader, leader.equals("a"), 1, members, owners, List.of(),
				List.of(), tasks, List.of());
		return ClusterView.of("demo", snapshot, ACTIVE, List.of());
	}

	private static Member member(String id, String state) {
		return new Member(id, "host", 1, 1, Map.of("port", "8081"), state, Instant.EPOCH, "0.1.0");
	}

}
