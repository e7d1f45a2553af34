package dev.coord.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;

import dev.coord.actuate.CoordEndpoint;
import dev.coord.actuate.CoordEndpoint.ClusterDescriptor;
import dev.coord.autoconfigure.TaskJournal.Entry;
import dev.coord.autoconfigure.TaskJournal.Kind;
import dev.coord.core.EngineStatus.Phase;
import dev.coord.core.RevokeReason;
import dev.coord.health.CoordHealthIndicator;
import dev.coord.test.EtcdExtension;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.coord.autoconfigure.StarterFixture.await;
import static dev.coord.autoconfigure.StarterFixture.coordinator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Whole applications with the starter on a real etcd: events, handoff on close, health through an etcd
 * outage, the endpoint and the meters, and start-up without etcd.
 */
class CoordStarterIntegrationTests {

	@RegisterExtension
	static final EtcdExtension etcd = EtcdExtension.singleNode();

	private StarterFixture fixture;

	private TaskJournal journal;

	@BeforeEach
	void setUp() {
		this.fixture = new StarterFixture(etcd);
		this.journal = this.fixture.journal();
	}

	@AfterEach
	void tearDown() {
		this.fixture.close();
		this.journal.assertExclusiveAndOrdered();
	}

	@Test
	void twoApplicationsShareTheTasksAndTheirListenersSeeAssignedThenRevoked() {
		ConfigurableApplicationContext a = this.fixture.start("a");
		this.fixture.putTasks(a, 6);
		await().untilAsserted(() -> assertThat(this.journal.activeOn("a")).hasSize(6));
		ConfigurableApplicationContext b = this.fixture.start("b");
		await().untilAsserted(() -> {
			assertThat(this.journal.activeOn("a")).hasSize(3);
			assertThat(this.journal.activeOn("b")).hasSize(3);
			assertThat(coordinator(a).getOwnedTasks()).hasSize(3);
			assertThat(coordinator(b).getOwnedTasks()).hasSize(3);
		});
		for (String task : this.journal.activeOn("b")) {
			List<Entry> events = this.journal.entries().stream().filter((entry) -> entry.task().equals(task)).toList();
			assertThat(events).extracting(Entry::member, Entry::kind, Entry::reason)
				.containsExactly(tuple("a", Kind.ASSIGNED, null),
						tuple("a", Kind.REVOKED, RevokeReason.REASSIGNED),
						tuple("b", Kind.ASSIGNED, null));
			assertThat(events.get(2).nanos()).as("b starts after a stopped").isGreaterThan(events.get(1).nanos());
			assertThat(events.get(2).token()).isGreaterThan(events.get(0).token());
		}
		assertThat(this.journal.entries()).filteredOn((entry) -> entry.kind() == Kind.ASSIGNED)
			.allSatisfy((entry) -> assertThat(entry.payload())
				.isEqualTo(new TaskJournal.Order(entry.task(), Integer.parseInt(entry.task().substring(5)))));
		assertThat(coordinator(a).getMembers()).extracting((member) -> member.id()).containsExactly("a", "b");
		assertThat(List.of(coordinator(a).isLeader(), coordinator(b).isLeader())).containsExactlyInAnyOrder(true, false);
	}

	@Test
	void closingAnApplicationMovesItsTasksToTheOtherWithNoOverlap() {
		ConfigurableApplicationContext a = this.fixture.start("a");
		ConfigurableApplicationContext b = this.fixture.start("b");
		this.fixture.putTasks(a, 8);
		await().untilAsserted(() -> {
			assertThat(this.journal.activeOn("a")).hasSize(4);
			assertThat(this.journal.activeOn("b")).hasSize(4);
		});
		List<String> onB = this.journal.activeOn("b");
		b.close();
		assertThat(this.journal.activeOn("b")).as("b stopped its tasks before its context closed").isEmpty();
		await().untilAsserted(() -> assertThat(this.journal.activeOn("a")).hasSize(8));
		assertThat(this.journal.of("b")).filteredOn((entry) -> entry.kind() == Kind.REVOKED)
			.extracting(Entry::reason)
			.allMatch(Set.of(RevokeReason.REASSIGNED, RevokeReason.SHUTDOWN)::contains);
		for (String task : onB) {
			Entry revokedOnB = last(task, "b", Kind.REVOKED);
			Entry assignedOnA = last(task, "a", Kind.ASSIGNED);
			assertThat(assignedOnA.nanos()).isGreaterThan(revokedOnB.nanos());
		}
		assertThat(coordinator(a).getMembers()).extracting((member) -> member.id()).containsExactly("a");
	}

	@Test
	void healthIsUpThenDownWhileEtcdIsStoppedThenUpAgain() {
		ConfigurableApplicationContext a = this.fixture.start("a");
		CoordHealthIndicator health = a.getBean(CoordHealthIndicator.class);
		this.fixture.putTasks(a, 2);
		await().untilAsserted(() -> {
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(this.journal.activeOn("a")).hasSize(2);
		});
		etcd.node(0).stop();
		await().untilAsserted(() -> {
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(this.journal.activeOn("a")).as("tasks stopped when the lease could not be proved").isEmpty();
		});
		assertThat(this.journal.of("a")).filteredOn((entry) -> entry.kind() == Kind.REVOKED)
			.extracting(Entry::reason)
			.containsOnly(RevokeReason.LEASE_LOST);
		etcd.node(0).restart();
		await().untilAsserted(() -> {
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(this.journal.activeOn("a")).hasSize(2);
		});
	}

	@Test
	void endpointAndMetersShowTheRealNumbers() {
		ConfigurableApplicationContext a = this.fixture.start("a");
		this.fixture.putTasks(a, 4);
		MeterRegistry meters = a.getBean(MeterRegistry.class);
		CoordEndpoint endpoint = a.getBean(CoordEndpoint.class);
		await().untilAsserted(() -> {
			ClusterDescriptor cluster = endpoint.cluster();
			assertThat(cluster.cluster()).isEqualTo(this.fixture.cluster());
			assertThat(cluster.leaderId()).isEqualTo("a");
			assertThat(cluster.taskCount()).isEqualTo(4);
			assertThat(cluster.members()).singleElement()
				.satisfies((member) -> assertThat(member.tasks()).hasSize(4));
			assertThat(gauge(meters, "coord.tasks")).isEqualTo(4);
			assertThat(gauge(meters, "coord.tasks.owned")).isEqualTo(4);
			assertThat(gauge(meters, "coord.members")).isEqualTo(1);
			assertThat(gauge(meters, "coord.leader")).isEqualTo(1);
			assertThat(meters.get("coord.assignments").tag("cluster", this.fixture.cluster()).counter().count())
				.isEqualTo(4);
			assertThat(meters.get("coord.rebalance").timer().count()).isPositive();
		});
		this.fixture.start("b");
		await().untilAsserted(() -> {
			ClusterDescriptor cluster = endpoint.cluster();
			assertThat(cluster.members()).extracting(CoordEndpoint.MemberDescriptor::id).containsExactly("a", "b");
			assertThat(cluster.members()).allSatisfy((member) -> assertThat(member.tasks()).hasSize(2));
			assertThat(cluster.unassigned()).isEmpty();
			assertThat(cluster.pendingHandoffs()).isEmpty();
			assertThat(gauge(meters, "coord.members")).isEqualTo(2);
			assertThat(gauge(meters, "coord.tasks.owned")).isEqualTo(2);
			assertThat(meters.get("coord.revocations").tag("reason", "REASSIGNED").counter().count()).isEqualTo(2);
			assertThat(meters.get("coord.handoff").timer().count()).isPositive();
		});
	}

	@Test
	void startsWithoutEtcdAndJoinsWhenEtcdComes() {
		etcd.node(0).stop();
		ConfigurableApplicationContext a = this.fixture.start("a");
		CoordHealthIndicator health = a.getBean(CoordHealthIndicator.class);
		assertThat(a.isRunning()).isTrue();
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(coordinator(a).status().phase()).isEqualTo(Phase.JOINING);
		etcd.node(0).restart();
		await().untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
		this.fixture.putTasks(a, 1);
		await().untilAsserted(() -> assertThat(this.journal.activeOn("a")).containsExactly("task-0"));
	}

	@Test
	void failFastFailsStartUpWithTheReasonWhenEtcdIsUnreachable() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		String endpoint = "http://127.0.0.1:" + port;
		assertThatException()
			.isThrownBy(() -> this.fixture.startWith("a", "coord.etcd.endpoints=" + endpoint, "coord.fail-fast=true",
					"coord.etcd.connect-timeout=1s"))
			.satisfies((ex) -> {
				FailureAnalysis analysis = new CoordStartupFailureAnalyzer().analyze(ex);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).startsWith("coord could not join cluster '"
						+ this.fixture.cluster() + "' as member 'a' at etcd [" + endpoint + "] within 1s "
						+ "(coord.etcd.connect-timeout): etcd is unreachable at [" + endpoint + "]: ");
				assertThat(analysis.getAction()).contains("coord.etcd.endpoints").contains("coord.fail-fast=false");
			});
	}

	private Entry last(String task, String member, Kind kind) {
		List<Entry> matching = this.journal.of(member)
			.stream()
			.filter((entry) -> entry.task().equals(task) && entry.kind() == kind)
			.toList();
		assertThat(matching).as("%s %s on %s", kind, task, member).isNotEmpty();
		return matching.get(matching.size() - 1);
	}

	private double gauge(MeterRegistry meters, String name) {
		return meters.get(name).tag("cluster", this.fixture.cluster()).gauge().value();
	}

}
