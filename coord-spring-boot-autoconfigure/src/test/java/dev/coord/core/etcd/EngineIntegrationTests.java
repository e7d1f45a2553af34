package dev.coord.core.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.EngineStatus.Phase;
import dev.coord.core.RevokeReason;
import dev.coord.core.etcd.Journal.Entry;
import dev.coord.core.etcd.Journal.Interval;
import dev.coord.core.etcd.Journal.Kind;
import dev.coord.test.EtcdExtension;
import dev.coord.test.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.coord.core.etcd.EngineFixture.TTL;
import static dev.coord.core.etcd.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine on one real etcd: sharing, joining, leaving, crashing, losing the leader, being cut off,
 * task changes and bad data. Every test checks exclusivity and fencing on the journal of all members.
 */
class EngineIntegrationTests {

	@RegisterExtension
	static final EtcdExtension etcd = EtcdExtension.singleNode();

	private EngineFixture fixture;

	private Journal journal;

	@BeforeEach
	void setUp() {
		this.fixture = new EngineFixture(etcd);
		this.journal = this.fixture.journal();
	}

	@AfterEach
	void tearDown() {
		this.fixture.close();
	}

	@Test
	void threeMembersShareThirtyTasksEvenly() {
		long started = System.nanoTime();
		TestMember a = this.fixture.start("a");
		TestMember b = this.fixture.start("b");
		TestMember c = this.fixture.start("c");
		this.fixture.putTasks(30);
		this.fixture.awaitBalanced(30, a, b, c);
		Measurements.report("converge 3 members x 30 tasks", Duration.ofNanos(System.nanoTime() - started));
		await().untilAsserted(() -> {
			ClusterSnapshot snapshot = a.snapshot();
			assertThat(snapshot.members()).extracting(ClusterSnapshot.Member::id).containsExactly("a", "b", "c");
			assertThat(snapshot.owners().values()).allSatisfy((tasks) -> assertThat(tasks).hasSize(10));
			assertThat(snapshot.unassigned()).isEmpty();
			assertThat(snapshot.pendingHandoffs()).isEmpty();
			assertThat(snapshot.leaderId()).isIn("a", "b", "c");
		});
		assertThat(this.journal.of(Kind.LEADER_GRANTED)).hasSize(1);
		this.journal.assertExclusiveAndFenced();
	}

	@Test
	void aJoiningMemberTakesExactlyTheMinimalNumberOfTasks() {
		TestMember a = this.fixture.start("a");
		TestMember b = this.fixture.start("b");
		TestMember c = this.fixture.start("c");
		this.fixture.putTasks(30);
		this.fixture.awaitBalanced(30, a, b, c);
		int revokedBefore = this.journal.of(Kind.REVOKED).size();
		TestMember d = this.fixture.start("d");
		this.fixture.awaitBalanced(30, a, b, c, d);
		// 10/10/10 -> 8/8/7/7: the lower bound is 7 moves, and nothing moves after that.
		await().during(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(this.journal.of("d", Kind.ASSIGNED)).hasSize(7);
			List<Entry> revoked = this.journal.of(Kind.REVOKED);
			assertThat(revoked).hasSize(revokedBefore + 7);
			assertThat(revoked).allMatch((entry) -> entry.reason() == RevokeReason.REASSIGNED);
		});
		Measurements.report("tasks moved when a 4th member joins 3 with 30 tasks", 7);
	}

	@Test
	void aMemberThatStopsGracefullyHandsItsTasksOverWithoutOverlap() {
		TestMember a = this.fixture.start("a");
		TestMember b = this.fixture.start("b");
		TestMember c = this.fixture.start("c");
		this.fixture.putTasks(30);
		this.fixture.awaitBalanced(30, a, b, c);
		c.close();
		this.fixture.awaitBalanced(30, a, b);
		List<Entry> revokedOnC = this.journal.of("c", Kind.REVOKED);
		assertThat(revokedOnC).hasSize(10).allMatch((entry) -> entry.reason() == RevokeReason.SHUTDOWN);
		assertThat(this.journal.of("a", Kind.REVOKED)).isEmpty();
		assertThat(this.journal.of("b", Kind.REVOKED)).isEmpty();
		this.journal.assertExclusiveAndFenced();
		Measurements.reportGaps("graceful handoff gap (revoke returned -> assign started)", handoffGaps("c"));
	}

	@Test
	void aCrashedMembersTasksAreOwnedAgainWithinTtlPlusOneSecond() {
		TestMember a = this.fixture.start("a");
		TestMember b = this.fixture.start("b");
		TestMember c = this.fixture.start("c");
		this.fixture.putTasks(30);
		this.fixture.awaitBalanced(30, a, b, c);
		long crashedAt = System.nanoTime();
		c.crash();
		this.fixture.awaitBalanced(TTL.plusSeconds(1), 30, a, b);
		Measurements.report("crash failover with a 3 s TTL (crash -> all tasks owned again)",
				Duration.ofNanos(System.nanoTime() - crashedAt));
		assertThat(this.journal.of("a", Kind.REVOKED)).isEmpty();
		assertThat(this.journal.of("b", Kind.REVOKED)).isEmpty();
	}

	@Test
	void losingTheLeaderRevokesNothingOnTheOtherMembers() {
		Map<String, TestMember> members = new HashMap<>();
		for (String id : List.of("a", "b", "c")) {
			members.put(id, this.fixture.start(id));
		}
		this.fixture.putTasks(30);
		this.fixture.awaitBalanced(30, members.values().toArray(TestMember[]::new));
		String leader = this.journal.of(Kind.LEADER_GRANTED).get(0).member();
		long crashedAt = System.nanoTime();
		members.remove(leader).crash();
		// A crashed leader adds its election to the failover (DESIGN.md §4 "Live").
		this.fixture.awaitBalanced(TTL.plusSeconds(2), 30, members.values().toArray(TestMember[]::new));
		Measurements.report("leader crash failover with a 3 s TTL", Duration.ofNanos(System.nanoTime() - crashedAt));
		assertThat(this.journal.of(Kind.LEADER_GRANTED)).hasSize(2);
		for (String survivor : members.keySet()) {
			assertThat(this.journal.of(survivor, Kind.REVOKED)).as("revoked on %s", survivor).isEmpty();
		}
	}

	@Test
	void aLeaderThatStopsGracefullyHandsLeadershipOverWithoutWaitingForItsLease() {
		Map<String, TestMember> members = new HashMap<>();
		for (String id : List.of("a", "b", "c")) {
			members.put(id, this.fixture.start(id));
		}
		this.fixture.putTasks(12);
		this.fixture.awaitBalanced(12, members.values().toArray(TestMember[]::new));
		String leader = this.journal.of(Kind.LEADER_GRANTED).get(0).member();
		long stoppedAt = System.nanoTime();
		members.remove(leader).close();
		// Well under the lease TTL: the resigning leader deletes its key, it does not let it expire.
		await().atMost(TTL).untilAsserted(() -> assertThat(this.journal.of(Kind.LEADER_GRANTED)).hasSize(2));
		Measurements.report("leadership hand-over on graceful stop",
				Duration.ofNanos(this.journal.of(Kind.LEADER_GRANTED).get(1).nanos() - stoppedAt));
		assertThat(this.journal.of(leader, Kind.LEADER_REVOKED)).hasSize(1);
		this.fixture.awaitBalanced(12, members.values().toArray(TestMember[]::new));
	}

	@Test
	void aMemberCutOffFromEtcdRevokesItsTasksBeforeItsLeaseExpires() {
		TestMember a = this.fixture.start("a");
		TestMember b = this.fixture.start("b");
		TcpProxy proxy = etcd.proxyTo(etcd.node(0));
		TestMember c = this.fixture.start(this.fixture.settings("c"), etcd.newClient(List.of(proxy.endpoint())));
		this.fixture.putTasks(30);
		this.fixture.awaitBalanced(30, a, b, c);
		long cutAt = System.nanoTime();
		proxy.cut();
		await().untilAsserted(() -> assertThat(this.journal.of("c", Kind.REVOKED)).hasSize(10));
		long lastRevoke = this.journal.of("c", Kind.REVOKED).get(9).nanos();
		assertThat(this.journal.of("c", Kind.REVOKED)).allMatch((entry) -> entry.reason() == RevokeReason.LEASE_LOST);
		assertThat(Duration.ofNanos(lastRevoke - cutAt)).as("revoked before the lease can expire").isLessThan(TTL);
		this.fixture.awaitBalanced(30, a, b);
		assertThat(c.status().phase()).isEqualTo(Phase.FENCED);
		proxy.heal();
		this.fixture.awaitBalanced(30, a, b, c);
		assertThat(c.status().phase()).isEqualTo(Phase.ACTIVE);
	}

	@Test
	void aPayloadChangeReachesTheOwnerAndARemovedTaskIsRevoked() {
		TestMember a = this.fixture.start("a");
		this.fixture.putTask("feed/eu-1", "v1");
		await().untilAsserted(() -> assertThat(this.journal.activeOwners()).containsEntry("feed/eu-1", "a"));
		this.fixture.putTask("feed/eu-1", "v2");
		await().untilAsserted(() -> assertThat(this.journal.of(Kind.UPDATED)).singleElement()
			.satisfies((entry) -> assertThat(entry.payload()).isEqualTo("v2")));
		this.fixture.delete(this.fixture.keyspace().task("feed/eu-1"));
		await().untilAsserted(() -> assertThat(this.journal.of(Kind.REVOKED)).singleElement()
			.satisfies((entry) -> assertThat(entry.reason()).isEqualTo(RevokeReason.TASK_REMOVED)));
		this.fixture.putTask("feed/eu-1", "v3");
		await().untilAsserted(() -> assertThat(this.journal.activeOwners()).containsEntry("feed/eu-1", "a"));
		List<Entry> assigned = this.journal.of(Kind.ASSIGNED);
		assertThat(assigned).hasSize(2);
		assertThat(assigned.get(1).token()).isGreaterThan(assigned.get(0).token());
		assertThat(assigned.get(1).payload()).isEqualTo("v3");
	}

	@Test
	void tasksAddedAndRemovedWhileMembersChurn() {
		TestMember a = this.fixture.start("a");
		TestMember b = this.fixture.start("b");
		this.fixture.putTasks(40);
		List<TestMember> churned = new ArrayList<>();
		for (int round = 0; round < 4; round++) {
			TestMember joiner = this.fixture.start("churn-" + round);
			churned.add(joiner);
			this.fixture.putTask("extra-" + round, "x");
			this.fixture.delete(this.fixture.keyspace().task(String.format("task-%04d", round + 1)));
			if (round % 2 == 0) {
				churned.remove(0).close();
			}
			else {
				churned.remove(0).crash();
			}
		}
		this.fixture.awaitBalanced(40, a, b);
		assertThat(this.journal.activeOwners()).containsKeys("extra-0", "extra-3").doesNotContainKeys("task-0001",
				"task-0004");
	}

	@Test
	void aThousandTasksOnFiveMembersConverge() {
		long started = System.nanoTime();
		List<TestMember> members = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			members.add(this.fixture.start("m" + i));
		}
		this.fixture.putTasks(1000);
		this.fixture.awaitBalanced(Duration.ofSeconds(90), 1000, members.toArray(TestMember[]::new));
		Measurements.report("converge 5 members x 1000 tasks", Duration.ofNanos(System.nanoTime() - started));
	}

	@Test
	void badKeysAreSkippedOrRepairedAndNeverStopTheCluster() {
		TestMember a = this.fixture.start("a");
		TestMember b = this.fixture.start("b");
		String prefix = this.fixture.keyspace().prefix();
		this.fixture.putTasks(10);
		this.fixture.put(prefix + "tasks/", "empty id");
		this.fixture.put(prefix + "tasks/bad\u0001id", "control character");
		this.fixture.put(prefix + "tasks/" + "x".repeat(600), "id too long");
		this.fixture.put(prefix + "tasks/huge", new byte[300 * 1024]);
		this.fixture.put(prefix + "members/ghost", "{not json");
		this.fixture.put(prefix + "members/no-id", "{\"pid\":1,\"capacity\":1,\"startedAt\":0}");
		this.fixture.put(prefix + "assignments/ghost/task-0001", "{\"epoch\":1,\"taskRevision\":1,\"assignedAt\":0}");
		this.fixture.put(prefix + "assignments/no-task-segment", "garbage");
		this.fixture.put(prefix + "assignments/a/task-0002", "garbage");
		this.fixture.put(prefix + "owners/unknown-task", "garbage");
		this.fixture.put(prefix + "owners/task-0003", "{\"memberId\":\"nobody\",\"lease\":\"0\"}");
		this.fixture.put(prefix + "leader-ish", "ignored");
		this.fixture.awaitBalanced(10, a, b);
		await().untilAsserted(() -> {
			ClusterSnapshot snapshot = a.snapshot();
			assertThat(snapshot.taskCount()).isEqualTo(10);
			assertThat(snapshot.pendingHandoffs()).isEmpty();
			assertThat(snapshot.owners().keySet()).containsOnly("a", "b");
		});
		assertThat(a.status().phase()).isEqualTo(Phase.ACTIVE);
		assertThat(b.status().phase()).isEqualTo(Phase.ACTIVE);
		this.fixture.putTask("after-bad-keys", "still works");
		this.fixture.awaitBalanced(11, a, b);
	}

	@Test
	void payloadsLargerTogetherThanTheClientsMessageLimitAreListedInSmallerPages() {
		// 30 × 200 KiB is over gRPC's default 4 MiB inbound limit for one page of the listing.
		for (int i = 1; i <= 30; i++) {
			this.fixture.put(this.fixture.keyspace().task("big-" + i), new byte[200 * 1024]);
		}
		TestMember a = this.fixture.start("a");
		this.fixture.awaitBalanced(30, a);
	}

	@Test
	void aSecondMemberWithTheSameIdWaitsAndThenFailsWhileTheFirstIsAlive() {
		TestMember first = this.fixture.start("same");
		await().untilAsserted(() -> assertThat(first.status().phase()).isEqualTo(Phase.ACTIVE));
		TestMember second = this.fixture.start("same");
		await().atMost(TTL.multipliedBy(2).plusSeconds(5))
			.untilAsserted(() -> assertThat(second.status().phase()).isEqualTo(Phase.STOPPED));
		assertThat(second.status().lastError()).contains("Duplicate member id 'same'").contains("coord.member.id");
		assertThat(first.status().phase()).isEqualTo(Phase.ACTIVE);
	}

	/** For each task the member gave up: from the end of its revoke to the start of the next owner's assign. */
	private List<Duration> handoffGaps(String from) {
		List<Duration> gaps = new ArrayList<>();
		List<Interval> intervals = this.journal.intervals();
		for (Interval given : intervals) {
			if (!given.member().equals(from) || given.to() == Long.MAX_VALUE) {
				continue;
			}
			intervals.stream()
				.filter((next) -> next.taskId().equals(given.taskId()) && next.from() > given.to())
				.mapToLong(Interval::from)
				.min()
				.ifPresent((start) -> gaps.add(Duration.ofNanos(start - given.to())));
		}
		return gaps;
	}

}
