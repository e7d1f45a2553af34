package dev.coord.core.etcd;

import java.time.Duration;
import java.util.List;

import dev.coord.core.CoordSettings;
import dev.coord.core.EngineStatus.Phase;
import dev.coord.core.RevokeReason;
import dev.coord.core.etcd.Journal.Kind;
import dev.coord.test.EtcdExtension;
import dev.coord.test.TcpProxy;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.coord.core.etcd.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine when etcd itself fails: restarts, compaction, and losing members of a 3-node cluster. Each
 * test has an etcd of its own, and closing its fixture checks exclusivity and fencing on the journal.
 */
class EtcdFailureIntegrationTests {

	@Nested
	class SingleNode {

		@RegisterExtension
		final EtcdExtension etcd = EtcdExtension.singleNode();

		@Test
		void everyoneCarriesOnWithoutRevokingWhenEtcdRestartsQuickly() {
			try (EngineFixture fixture = new EngineFixture(this.etcd)) {
				// A lease long enough to outlive the restart: nobody has a reason to fence.
				TestMember a = fixture.start(withTtl(fixture.settings("a"), 10), this.etcd.newClient());
				TestMember b = fixture.start(withTtl(fixture.settings("b"), 10), this.etcd.newClient());
				fixture.putTasks(20);
				fixture.awaitBalanced(20, a, b);
				this.etcd.node(0).stop();
				this.etcd.node(0).restart();
				fixture.putTask("after-restart", "x");
				fixture.awaitBalanced(21, a, b);
				assertThat(fixture.journal().of(Kind.REVOKED)).isEmpty();
			}
		}

		@Test
		void everyoneRevokesWhileEtcdIsDownLongerThanTheRenewDeadlineAndComesBack() {
			try (EngineFixture fixture = new EngineFixture(this.etcd)) {
				TestMember a = fixture.start("a");
				TestMember b = fixture.start("b");
				fixture.putTasks(20);
				fixture.awaitBalanced(20, a, b);
				this.etcd.node(0).stop();
				await().untilAsserted(() -> assertThat(fixture.journal().activeOwners()).isEmpty());
				assertThat(fixture.journal().of(Kind.REVOKED)).hasSize(20)
					.allMatch((entry) -> entry.reason() == RevokeReason.LEASE_LOST);
				assertThat(a.status().phase()).isEqualTo(Phase.FENCED);
				this.etcd.node(0).restart();
				fixture.awaitBalanced(20, a, b);
				assertThat(a.status().phase()).isEqualTo(Phase.ACTIVE);
			}
		}

		@Test
		void aWatchThatLosesItsRevisionToCompactionListsAgainAndCatchesUp() {
			try (EngineFixture fixture = new EngineFixture(this.etcd)) {
				TcpProxy proxy = this.etcd.proxyTo(this.etcd.node(0));
				// The only member, behind a proxy, with a lease that outlives a short cut.
				TestMember a = fixture.start(withTtl(fixture.settings("a"), 20),
						this.etcd.newClient(List.of(proxy.endpoint())));
				fixture.putTasks(5);
				fixture.awaitBalanced(5, a);
				proxy.cut();
				fixture.putTask("while-cut", "x");
				fixture.delete(fixture.keyspace().task("task-0001"));
				this.etcd.compact();
				proxy.heal();
				await().untilAsserted(() -> assertThat(fixture.journal().activeOwners()).containsKey("while-cut")
					.doesNotContainKey("task-0001"));
				assertThat(fixture.journal().of(Kind.REVOKED)).singleElement()
					.satisfies((entry) -> assertThat(entry.reason()).isEqualTo(RevokeReason.TASK_REMOVED));
			}
		}

	}

	@Nested
	class SmallTransactions {

		@RegisterExtension
		final EtcdExtension etcd = EtcdExtension.singleNode().withFlags("--max-txn-ops=8");

		@Test
		void assignmentsAreWrittenInTransactionsWithinEtcdsLimit() {
			try (EngineFixture fixture = new EngineFixture(this.etcd)) {
				fixture.putTasks(100);
				TestMember member = fixture.start(withMaxTxnOps(fixture.settings("a"), 8), this.etcd.newClient());
				fixture.awaitBalanced(100, member);
				TestMember b = fixture.start(withMaxTxnOps(fixture.settings("b"), 8), this.etcd.newClient());
				fixture.awaitBalanced(100, member, b);
			}
		}

	}

	@Nested
	class ThreeNodes {

		@RegisterExtension
		final EtcdExtension etcd = EtcdExtension.cluster(3);

		@Test
		void losingOneEtcdNodeOfThreeRevokesNothing() {
			try (EngineFixture fixture = new EngineFixture(this.etcd)) {
				// The renew deadline (3 s) must outlast etcd's leader election (0.5 to 1 s here) and the client's
				// switch to another node: etcd cannot renew a lease while it has no leader.
				TestMember a = fixture.start(withTtl(fixture.settings("a"), 6), this.etcd.newClient());
				TestMember b = fixture.start(withTtl(fixture.settings("b"), 6), this.etcd.newClient());
				TestMember c = fixture.start(withTtl(fixture.settings("c"), 6), this.etcd.newClient());
				fixture.putTasks(30);
				fixture.awaitBalanced(30, a, b, c);
				for (int node = 0; node < 3; node++) {
					this.etcd.node(node).kill();
					fixture.putTask("while-node-" + node + "-down", "x");
					fixture.awaitBalanced(31 + node, a, b, c);
					this.etcd.node(node).restart();
				}
				assertThat(fixture.journal().of(Kind.REVOKED)).isEmpty();
			}
		}

	}

	private static CoordSettings withMaxTxnOps(CoordSettings s, int maxTxnOps) {
		return new CoordSettings(s.namespace(), s.cluster(), s.memberId(), s.leaseTtl(), s.renewDeadline(),
				s.revokeTimeout(), s.capacity(), s.labels(), s.workerEnabled(), s.listenerThreads(), s.leaderEligible(),
				s.rebalanceInterval(), s.rebalanceDebounce(), s.maxMoves(), maxTxnOps, s.maxPayload(), s.drainTimeout(),
				s.requestTimeout());
	}

	private static CoordSettings withTtl(CoordSettings settings, int seconds) {
		return settings.withLeaseTtl(Duration.ofSeconds(seconds));
	}

}
