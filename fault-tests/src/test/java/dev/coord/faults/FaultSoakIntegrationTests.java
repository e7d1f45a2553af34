package dev.coord.faults;

import java.time.Duration;

import dev.coord.test.EtcdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The long soak (the README's "The fault-injection suite"): faults drawn at random from a seed for a given time. Runs only when
 * {@code faults.minutes} is set, which {@code ./soak.sh --seed N --minutes M} does (with the test time
 * limits lifted).
 */
@EnabledIfSystemProperty(named = "faults.minutes", matches = "\\d+")
class FaultSoakIntegrationTests {

	@RegisterExtension
	static final EtcdExtension etcd = EtcdExtension.cluster(3);

	@Test
	void randomFaultsForTheGivenTimeBreakNoGuarantee() {
		Duration duration = Duration.ofMinutes(Long.parseLong(System.getProperty("faults.minutes")));
		FaultRuns.Result run = FaultRuns.play(etcd, FaultSettings.soak(FaultRuns.seed(), duration));
		assertThat(run.report().violations()).as(run.text()).isEmpty();
	}

}
