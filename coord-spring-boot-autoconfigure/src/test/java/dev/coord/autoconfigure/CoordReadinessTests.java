package dev.coord.autoconfigure;

import java.util.List;

import dev.coord.core.CoordEngine;
import dev.coord.core.EngineStatus;
import dev.coord.core.EngineStatus.Phase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code coord} indicator in the readiness group, so that an instance that is not part of the cluster
 * takes no traffic.
 */
class CoordReadinessTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoordAutoConfiguration.class,
				CoordHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoint.health.group.readiness.include=coord")
		.withBean("coordEngine", CoordEngine.class, FakeEngine::new);

	@Test
	void readinessFollowsTheMembersHealth() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			HealthEndpoint health = context.getBean(HealthEndpoint.class);
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
			context.getBean(FakeEngine.class).status = new EngineStatus(Phase.FENCED, null, List.of(), "lease lost");
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
		});
	}

}
