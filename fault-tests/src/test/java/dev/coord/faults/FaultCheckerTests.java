package dev.coord.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker on small hand-written histories: it passes correct ones and fails each kind of broken one.
 * Times are in seconds from the start of the run; the lease TTL is 3 s, the renew deadline 1.5 s, the
 * revoke timeout 0.75 s, etcd's election timeout 0.5 s, the rebalance interval 5 s.
 */
class FaultCheckerTests {

	private final Run run = new Run();

	@Test
	void passesACrashWhoseTasksAreOwnedAgainWithinTheLease() {
		this.run.start("a", "b");
		this.run.task("t1", "t2");
		this.run.assigned(1.0, "a", "t1", 10).assigned(1.0, "b", "t2", 11);
		this.run.rest(1, 2.0);
		this.run.episode(2, 3.0, "CRASH", "a").event(3.0, "KILL proc=a leader=false fault=KILL_MEMBER")
			.event(3.01, "KILLED proc=a");
		this.run.assigned(6.5, "b", "t1", 20);
		this.run.rest(2, 7.0).end(8.0);
		FaultReport report = this.run.check();
		assertThat(report.violations()).isEmpty();
		assertThat(report.gaps).singleElement().satisfies((gap) -> {
			assertThat(gap.cause()).isEqualTo(Cause.CRASH);
			assertThat(gap.unowned().toMillis()).isEqualTo(3500);
		});
		assertThat(report.faults).containsEntry("KILL_MEMBER", 1);
		assertThat(report.text()).contains("VERDICT: PASS");
	}

	@Test
	void failsATaskActiveOnTwoMembersAtOnce() {
		this.run.start("a", "b");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10).rest(1, 2.0);
		this.run.assigned(3.0, "b", "t1", 12).revoked(3.2, "a", "t1", 10, "REASSIGNED").end(4.0);
		FaultReport report = this.run.check();
		assertThat(report.overlaps).isEqualTo(1);
		assertThat(report.violations()).extracting(FaultReport.Violation::category).contains("OVERLAP");
		assertThat(report.violations().get(0).evidence()).anyMatch((line) -> line.contains("ASSIGNED t1 12"));
		assertThat(report.text()).contains("VERDICT: FAIL");
	}

	@Test
	void endsAKilledMembersTenureWhenItWasKilled() {
		this.run.start("a", "b");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10).rest(1, 2.0);
		this.run.episode(2, 3.0, "CRASH", "a").event(3.0, "KILL proc=a leader=false").event(3.01, "KILLED proc=a");
		this.run.assigned(5.0, "b", "t1", 20).rest(2, 6.0).end(7.0);
		assertThat(this.run.check().violations()).isEmpty();
		Run early = new Run();
		early.start("a", "b");
		early.task("t1");
		early.assigned(1.0, "a", "t1", 10).rest(1, 2.0);
		early.assigned(2.9, "b", "t1", 20);
		early.episode(2, 3.0, "CRASH", "a").event(3.0, "KILL proc=a leader=false").event(3.01, "KILLED proc=a");
		early.rest(2, 6.0).end(7.0);
		assertThat(early.check().violations()).extracting(FaultReport.Violation::category).contains("OVERLAP");
	}

	@Test
	void reportsAStaleOwnerAfterSigstopApartWhenItsTokenIsLower() {
		this.run.start("a", "b");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10).rest(1, 2.0);
		this.run.episode(2, 3.0, "PAUSE", "a").event(3.0, "PAUSE proc=a leader=false fault=SIGSTOP");
		this.run.assigned(6.2, "b", "t1", 20);
		this.run.event(8.0, "RESUME proc=a").revoked(8.1, "a", "t1", 10, "LEASE_LOST");
		this.run.rest(2, 9.0).end(10.0);
		FaultReport report = this.run.check();
		assertThat(report.violations()).isEmpty();
		assertThat(report.overlaps).isZero();
		assertThat(report.staleOverlaps).singleElement().satisfies((stale) -> {
			assertThat(stale.tokenLower()).isTrue();
			assertThat(stale.tail().toMillis()).isEqualTo(100);
		});
		assertThat(report.gaps).singleElement().satisfies((gap) -> {
			assertThat(gap.cause()).isEqualTo(Cause.PAUSE);
			assertThat(gap.unowned().toMillis()).isEqualTo(3200);
		});
	}

	@Test
	void failsAStaleOwnerAfterSigstopWhoseTokenIsNotLowerOrThatRunsOnAfterWaking() {
		this.run.start("a", "b");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 30).rest(1, 2.0);
		this.run.episode(2, 3.0, "PAUSE", "a").event(3.0, "PAUSE proc=a leader=false");
		this.run.assigned(6.2, "b", "t1", 20);
		this.run.event(8.0, "RESUME proc=a").revoked(9.0, "a", "t1", 30, "LEASE_LOST");
		this.run.rest(2, 9.5).end(10.5);
		assertThat(this.run.check().violations()).extracting(FaultReport.Violation::category)
			.contains("STALE_TOKEN", "STALE_TAIL", "TOKEN");
	}

	@Test
	void failsAMemberCutOffFromEtcdThatStillRunsItsTaskWhenTheNextOwnerStarts() {
		this.run.start("a", "b");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10).rest(1, 2.0);
		this.run.episode(2, 3.0, "PARTITION", "a").event(3.0, "CUT proc=a leader=false fault=PARTITION");
		this.run.assigned(6.5, "b", "t1", 20).revoked(6.6, "a", "t1", 10, "LEASE_LOST");
		this.run.event(7.0, "HEAL proc=a").rest(2, 8.0).end(9.0);
		FaultReport report = this.run.check();
		assertThat(report.overlaps).isEqualTo(1);
		assertThat(report.staleOverlaps).isEmpty();
		assertThat(report.violations()).extracting(FaultReport.Violation::category).containsExactly("OVERLAP");
	}

	@Test
	void failsATaskAssignedTwiceWithoutARevokeBetween() {
		this.run.start("a", "b");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10).assigned(1.2, "a", "t1", 10).rest(1, 2.0);
		this.run.revoked(3.0, "a", "t1", 10, "REASSIGNED").assigned(3.02, "b", "t1", 20).end(4.0);
		FaultReport report = this.run.check();
		assertThat(report.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.category()).isEqualTo("DOUBLE_ASSIGNED");
			assertThat(violation.evidence()).hasSize(2);
		});
		assertThat(report.overlaps).isZero();
	}

	@Test
	void failsATaskStartedJustBeforeAnOutageThatRunsOnPastTheFencingDeadline() {
		this.run.start("a", "b");
		this.run.task("t1", "t2");
		this.run.assigned(1.0, "a", "t1", 10).assigned(1.0, "b", "t2", 11).rest(1, 2.0);
		this.run.episode(2, 3.0, "ETCD_RESTART_ALL").event(3.0, "ETCD_OUTAGE kind=ETCD_RESTART_ALL")
			.event(3.5, "ETCD_ALL_DOWN");
		this.run.revoked(4.6, "a", "t1", 10, "LEASE_LOST").revoked(4.6, "b", "t2", 11, "LEASE_LOST");
		this.run.assigned(3.6, "b", "t1", 12);
		this.run.event(5.9, "ETCD_START_ALL").event(6.0, "QUORUM_BACK").assigned(7.0, "a", "t2", 30);
		this.run.rest(2, 8.0).end(9.0);
		assertThat(this.run.check().violations()).extracting(FaultReport.Violation::message)
			.anyMatch((message) -> message.contains("b still ran 't1' 2.25s after etcd lost its quorum"))
			.noneMatch((message) -> message.contains("'t2'"));
	}

	@Test
	void letsMembersKeepTheirTasksThroughAnOutageShorterThanTheRenewDeadline() {
		this.run.start("a", "b");
		this.run.task("t1", "t2");
		this.run.assigned(1.0, "a", "t1", 10).assigned(1.0, "b", "t2", 11).rest(1, 2.0);
		this.run.episode(2, 3.0, "ETCD_RESTART_ALL").event(3.0, "ETCD_OUTAGE kind=ETCD_RESTART_ALL")
			.event(3.5, "ETCD_ALL_DOWN").event(4.4, "ETCD_START_ALL").event(4.6, "QUORUM_BACK");
		this.run.revoked(4.8, "b", "t2", 11, "LEASE_LOST").assigned(5.5, "b", "t2", 20).rest(2, 6.0).end(7.0);
		FaultReport report = this.run.check();
		assertThat(report.violations()).isEmpty();
		assertThat(report.outages).singleElement().satisfies((outage) -> {
			assertThat(outage.mustFence()).isFalse();
			assertThat(outage.recoveredWithin()).isZero();
		});
	}

	@Test
	void failsFencingTokensThatDoNotIncrease() {
		this.run.start("a", "b");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10).rest(1, 2.0);
		this.run.revoked(3.0, "a", "t1", 10, "REASSIGNED").assigned(3.01, "b", "t1", 10).end(4.0);
		FaultReport report = this.run.check();
		assertThat(report.tokenViolations).isEqualTo(1);
		assertThat(report.violations()).extracting(FaultReport.Violation::category).containsExactly("TOKEN");
	}

	@Test
	void failsACrashRecoveryOverTheLeaseAndOneSecondButGivesALeaderItsElection() {
		this.run.start("a", "b", "c");
		this.run.task("t1", "t2");
		this.run.assigned(1.0, "a", "t1", 10).assigned(1.0, "c", "t2", 11).rest(1, 2.0);
		this.run.episode(2, 3.0, "CRASH", "a").event(3.0, "KILL proc=a leader=false").event(3.01, "KILLED proc=a");
		this.run.assigned(7.2, "b", "t1", 20);
		this.run.episode(3, 10.0, "LEADER_CRASH", "c").event(10.0, "KILL proc=c leader=true")
			.event(10.01, "KILLED proc=c");
		this.run.assigned(14.8, "b", "t2", 21).end(15.0);
		FaultReport report = this.run.check();
		assertThat(report.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.category()).isEqualTo("UNOWNED");
			assertThat(violation.message()).contains("'t1'", "4.20s", "bound 4.00s");
		});
		assertThat(report.gaps).extracting(FaultReport.Gap::cause).containsExactly(Cause.CRASH, Cause.LEADER_CRASH);
	}

	@Test
	void addsEtcdsLeaderChangeToTheBoundOfACrashDuringIt() {
		this.run.start("a", "b");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10).rest(1, 2.0);
		this.run.episode(2, 3.0, "CRASH_DURING_ETCD_ELECTION", "a")
			.event(3.0, "ETCD_KILL node=etcd0 leader=true")
			.event(3.0, "KILL proc=a leader=false")
			.event(3.01, "KILLED proc=a");
		this.run.assigned(9.0, "b", "t1", 20).rest(2, 10.0).end(11.0);
		assertThat(this.run.check().violations()).isEmpty();
	}

	@Test
	void measuresAPartitionFromTheCut() {
		this.run.start("a", "b");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10).rest(1, 2.0);
		this.run.episode(2, 3.0, "PARTITION", "a").event(3.0, "CUT proc=a leader=false fault=PARTITION");
		this.run.revoked(4.6, "a", "t1", 10, "LEASE_LOST").assigned(7.3, "b", "t1", 20);
		this.run.event(8.0, "HEAL proc=a").rest(2, 9.0).end(10.0);
		FaultReport report = this.run.check();
		assertThat(report.violations()).extracting(FaultReport.Violation::message)
			.singleElement()
			.asString()
			.contains("4.30s after the fault", "member cut off from etcd");
		assertThat(report.gaps).singleElement().satisfies((gap) -> assertThat(gap.unowned().toMillis()).isEqualTo(2700));
	}

	@Test
	void reportsGracefulHandoffsWhoseP99IsOver100MillisecondsAndFailsThemWhenEnforced() {
		this.run.start("a", "b");
		this.run.task("t1", "t2");
		this.run.assigned(1.0, "a", "t1", 10).assigned(1.0, "b", "t2", 11).rest(1, 2.0);
		this.run.revoked(3.0, "a", "t1", 10, "REASSIGNED").assigned(3.02, "b", "t1", 20);
		this.run.revoked(3.0, "b", "t2", 11, "SHUTDOWN").assigned(3.25, "a", "t2", 21).end(4.0);
		FaultReport report = this.run.check();
		assertThat(report.violations()).isEmpty();
		assertThat(report.objectivesMissed).singleElement().asString().contains("p99", "250ms");
		assertThat(report.text()).contains("LATENCY OBJECTIVE MISSED", "objective missed");
		FaultReport enforced = this.run.check(true);
		assertThat(enforced.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.category()).isEqualTo("LATENCY");
			assertThat(violation.message()).contains("p99", "250ms");
		});
	}

	@Test
	void failsATaskOwnedByNobodyOrByTwoMembersOrUnbalancedAtRest() {
		this.run.start("a", "b");
		this.run.task("t1", "t2", "t3", "t4");
		this.run.assigned(1.0, "a", "t1", 10).assigned(1.0, "a", "t2", 11).assigned(1.0, "a", "t3", 12);
		this.run.rest(1, 2.0).end(3.0);
		FaultReport report = this.run.check();
		assertThat(report.restUnowned).isEqualTo(1);
		assertThat(report.restUnbalanced).isEqualTo(1);
		assertThat(report.violations()).extracting(FaultReport.Violation::category).contains("REST", "BALANCE");
	}

	@Test
	void failsARestThatTheHarnessCouldNotReach() {
		this.run.start("a");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10);
		this.run.event(2.0, "REST n=1 ok=false why=no-leader").end(3.0);
		assertThat(this.run.check().restNotSettled).isEqualTo(1);
	}

	@Test
	void checksThatEveryMemberRevokesEverythingWhenQuorumIsLostAndOwnsItAgainWhenItIsBack() {
		this.run.start("a", "b");
		this.run.task("t1", "t2");
		this.run.assigned(1.0, "a", "t1", 10).assigned(1.0, "b", "t2", 11).rest(1, 2.0);
		this.run.episode(2, 3.0, "QUORUM_LOSS").event(3.0, "ETCD_OUTAGE kind=QUORUM_LOSS")
			.event(3.1, "QUORUM_LOST fault=ETCD_QUORUM_LOSS");
		this.run.revoked(4.9, "a", "t1", 10, "LEASE_LOST").revoked(6.5, "b", "t2", 11, "LEASE_LOST");
		this.run.event(7.5, "QUORUM_RESTORING").event(8.0, "QUORUM_BACK");
		this.run.assigned(9.0, "a", "t1", 30).assigned(13.0, "b", "t2", 31).rest(2, 14.0).end(15.0);
		FaultReport report = this.run.check();
		assertThat(report.violations()).extracting(FaultReport.Violation::message)
			.anyMatch((message) -> message.contains("b still ran 't2' 2.75s after etcd lost its quorum"))
			.anyMatch((message) -> message.contains("'t2' not owned again within 4.00s"))
			.noneMatch((message) -> message.contains("'t1'"));
		assertThat(report.outages).singleElement().satisfies((outage) -> {
			assertThat(outage.revokedWithin().toMillis()).isEqualTo(3400);
			assertThat(outage.recoveredWithin().toMillis()).isEqualTo(5000);
		});
		assertThat(report.gaps).extracting(FaultReport.Gap::cause).containsOnly(Cause.ETCD_OUTAGE);
	}

	@Test
	void failsABystanderThatLosesItsTasksWhenOneEtcdNodeDies() {
		this.run.start("a", "b");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10).rest(1, 2.0);
		this.run.episode(2, 3.0, "ETCD_NODE_KILL").event(3.0, "ETCD_KILL node=etcd1 leader=true fault=ETCD_NODE_KILL");
		this.run.revoked(4.5, "a", "t1", 10, "LEASE_LOST").assigned(5.0, "a", "t1", 20).rest(2, 6.0).end(7.0);
		FaultReport report = this.run.check();
		assertThat(report.disturbances).isEqualTo(1);
		assertThat(report.violations()).extracting(FaultReport.Violation::category).containsExactly("DISTURBED");
		assertThat(report.gaps).extracting(FaultReport.Gap::cause).containsExactly(Cause.UNEXPECTED_FENCE);
	}

	@Test
	void failsARemovedTaskThatStartsAgainAndOneRevokedAsRemovedThatWasNot() {
		this.run.start("a", "b");
		this.run.task("t1", "t2");
		this.run.assigned(1.0, "a", "t1", 10).assigned(1.0, "b", "t2", 11).rest(1, 2.0);
		this.run.event(3.0, "TASK_REMOVING task=t1 fault=TASK_REMOVE").event(3.01, "TASK_REMOVED task=t1");
		this.run.revoked(3.02, "a", "t1", 10, "TASK_REMOVED").assigned(3.5, "b", "t1", 30);
		this.run.revoked(3.6, "b", "t2", 11, "TASK_REMOVED").assigned(3.7, "a", "t2", 31).end(4.0);
		assertThat(this.run.check().violations()).extracting(FaultReport.Violation::category)
			.containsExactlyInAnyOrder("REMOVED", "REMOVED");
	}

	@Test
	void failsMalformedJournalsAndEventsOutOfTurn() {
		this.run.start("a");
		this.run.task("t1");
		this.run.assigned(1.0, "a", "t1", 10).assigned(1.1, "a", "t1", 10);
		this.run.journal("a").add("123 456 a ASSIGNED");
		this.run.revoked(1.5, "a", "t2", 5, "REASSIGNED").rest(1, 2.0).end(3.0);
		assertThat(this.run.check().violations()).extracting(FaultReport.Violation::message)
			.anyMatch((message) -> message.startsWith("malformed journal line (not 7 fields)"))
			.anyMatch((message) -> message.startsWith("task 't1' assigned again on a before being revoked"))
			.anyMatch((message) -> message.startsWith("revoked without being assigned"));
	}

	/** A hand-written run: a run log and journals, in seconds from its start. */
	private static final class Run {

		private static final long BASE = 1_000_000_000_000L;

		private final List<String> log = new ArrayList<>();

		private final Map<String, List<String>> journals = new LinkedHashMap<>();

		Run() {
			event(0, "RUN seed=7 mode=test ttlMs=3000 renewDeadlineMs=1500 revokeTimeoutMs=750 etcdElectionMs=500 "
					+ "intervalMs=5000");
			event(0, "EPISODE n=0 kind=SETUP");
		}

		static long nanos(double seconds) {
			return BASE + Math.round(seconds * 1e9);
		}

		Run event(double at, String text) {
			this.log.add(nanos(at) + " " + text);
			return this;
		}

		void start(String... procs) {
			for (String proc : procs) {
				event(0, "START proc=" + proc + " member=" + proc + " journal=" + proc + ".journal");
				journal(proc);
			}
		}

		void task(String... ids) {
			for (String id : ids) {
				event(0, "TASK_ADDED task=" + id);
			}
		}

		Run episode(int n, double at, String kind, String... targets) {
			return event(at, "EPISODE n=" + n + " kind=" + kind
					+ ((targets.length > 0) ? " target=" + String.join(",", targets) : ""));
		}

		Run rest(int n, double at) {
			return event(at, "REST n=" + n + " ok=true");
		}

		Run end(double at) {
			return event(at, "END");
		}

		Run assigned(double at, String proc, String task, long token) {
			journal(proc).add(nanos(at) + " 0 " + proc + " ASSIGNED " + task + " " + token + " -");
			return this;
		}

		Run revoked(double at, String proc, String task, long token, String reason) {
			journal(proc).add(nanos(at) + " 0 " + proc + " REVOKED " + task + " " + token + " " + reason);
			return this;
		}

		List<String> journal(String proc) {
			return this.journals.computeIfAbsent(proc, (name) -> new ArrayList<>());
		}

		FaultReport check() {
			return check(false);
		}

		FaultReport check(boolean enforceLatency) {
			List<String> sorted = new ArrayList<>(this.log);
			sorted.sort((x, y) -> Long.compare(Long.parseLong(x.split(" ")[0]), Long.parseLong(y.split(" ")[0])));
			this.journals.values().forEach((lines) -> lines.sort(null));
			FaultReport report = FaultChecker.check(History.of(sorted, this.journals), enforceLatency);
			// the report renders whatever it found
			assertThat(report.text()).contains(report.passed() ? "VERDICT: PASS" : "VERDICT: FAIL");
			return report;
		}

	}

}
