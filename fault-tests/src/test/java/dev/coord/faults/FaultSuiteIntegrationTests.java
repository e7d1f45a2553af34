package dev.coord.faults;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.coord.test.EtcdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short run (the README's "The fault-injection suite"): five members on a 3-node etcd go through every fault once, and their
 * journals must show no guarantee of DESIGN.md §4 broken. {@code -Dfaults.seed=N} replays a schedule.
 */
class FaultSuiteIntegrationTests {

	/** Every fault the suite promises, as the report counts them. */
	static final List<String> EVERY_FAULT = List.of("KILL_MEMBER", "KILL_LEADER", "KILL_LEADER_MID_REBALANCE",
			"SIGTERM", "RESTART", "SIGSTOP", "PARTITION", "ETCD_NODE_KILL", "ETCD_QUORUM_LOSS", "ETCD_FULL_RESTART",
			"COMPACTION", "TASK_ADD", "TASK_REMOVE", "ROLLING_RESTART");

	@RegisterExtension
	static final EtcdExtension etcd = EtcdExtension.cluster(3);

	@Test
	@Timeout(value = 10, unit = TimeUnit.MINUTES)
	void everyFaultOnceBreaksNoGuarantee() {
		FaultRuns.Result run = FaultRuns.play(etcd, FaultSettings.shortRun(FaultRuns.seed()));
		assertThat(run.report().faults).as("faults injected").containsKeys(EVERY_FAULT.toArray(String[]::new));
		assertThat(run.report().violations()).as(run.text()).isEmpty();
	}

}
