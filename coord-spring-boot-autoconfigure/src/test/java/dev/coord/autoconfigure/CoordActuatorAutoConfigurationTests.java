package dev.coord.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.coord.actuate.CoordEndpoint;
import dev.coord.actuate.CoordEndpoint.ClusterDescriptor;
import dev.coord.core.CoordEngine;
import dev.coord.core.EngineStatus;
import dev.coord.core.EngineStatus.Phase;
import dev.coord.health.CoordHealthIndicator;
import dev.coord.metrics.CoordMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health, endpoint and metrics: each present only with its part of Spring Boot, and each backing off.
 */
class CoordActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoordAutoConfiguration.class, SslAutoConfiguration.class,
				CoordHealthContributorAutoConfiguration.class, CoordEndpointAutoConfiguration.class,
				CoordMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withPropertyValues("coord.cluster=orders", "coord.member.id=m1")
		.withBean("coordEngine", CoordEngine.class, FakeEngine::new);

	@Test
	void providesTheHealthIndicatorNamedCoord() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(CoordHealthIndicator.class)
			.hasBean("coordHealthIndicator"));
	}

	@Test
	void healthIsUpWithDetailsWhileRegistered() {
		this.runner.run((context) -> {
			Health health = context.getBean(CoordHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("cluster", "orders")
				.containsEntry("memberId", "m1")
				.containsEntry("phase", Phase.ACTIVE)
				.containsEntry("leaderId", "m1")
				.containsEntry("leader", true)
				.containsEntry("members", 2)
				.containsEntry("ownedTasks", 2)
				.containsEntry("pendingTasks", 1L)
				.containsEntry("sinceLastRenewal", "120ms");
		});
	}

	@Test
	void healthIsDownWhileJoiningOrFencedOrStuck() {
		this.runner.run((context) -> {
			FakeEngine engine = context.getBean(FakeEngine.class);
			HealthIndicator indicator = context.getBean(CoordHealthIndicator.class);
			engine.status = new EngineStatus(Phase.JOINING, null, List.of(), "UNAVAILABLE: io exception");
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(indicator.health().getDetails()).containsEntry("lastError", "UNAVAILABLE: io exception");
			engine.status = FakeEngine.status(Phase.FENCED);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			engine.status = new EngineStatus(Phase.ACTIVE, null, List.of("a"), null);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(indicator.health().getDetails()).containsEntry("stuckRevocations", List.of("a"));
		});
	}

	@Test
	void healthNeverShowsThePassword() {
		this.runner.withPropertyValues("coord.etcd.username=app", "coord.etcd.password=s3cret").run((context) -> {
			Health health = context.getBean(CoordHealthIndicator.class).health();
			assertThat(health.toString()).doesNotContain("s3cret");
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.coord.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CoordHealthIndicator.class));
	}

	@Test
	void healthIndicatorBacksOffForOneNamedCoordHealthIndicator() {
		HealthIndicator mine = () -> Health.up().build();
		this.runner.withBean("coordHealthIndicator", HealthIndicator.class, () -> mine)
			.run((context) -> assertThat(context).doesNotHaveBean(CoordHealthIndicator.class));
	}

	@Test
	void endpointIsAbsentUntilExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CoordEndpoint.class));
	}

	@Test
	void endpointShowsTheClusterAsThisMemberSeesIt() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=coord", "coord.etcd.password=s3cret",
				"coord.etcd.username=app")
			.run((context) -> {
				ClusterDescriptor cluster = context.getBean(CoordEndpoint.class).cluster();
				assertThat(cluster.cluster()).isEqualTo("orders");
				assertThat(cluster.memberId()).isEqualTo("m1");
				assertThat(cluster.phase()).isEqualTo("ACTIVE");
				assertThat(cluster.healthy()).isTrue();
				assertThat(cluster.leaderId()).isEqualTo("m1");
				assertThat(cluster.leader()).isTrue();
				assertThat(cluster.revision()).isEqualTo(42);
				assertThat(cluster.taskCount()).isEqualTo(5);
				assertThat(cluster.members()).extracting(CoordEndpoint.MemberDescriptor::id).containsExactly("m1", "m2");
				assertThat(cluster.members()).extracting(CoordEndpoint.MemberDescriptor::tasks)
					.containsExactly(List.of("a", "b"), List.of("c", "e"));
				assertThat(cluster.members().get(0).labels()).isEqualTo(Map.of("zone", "a"));
				assertThat(cluster.unassigned()).containsExactly("d");
				assertThat(cluster.pendingHandoffs())
					.containsExactly(new CoordEndpoint.HandoffDescriptor("e", "m2", "m1"));
				assertThat(cluster.localTasks()).containsExactly("a", "b");
				assertThat(cluster.toString()).doesNotContain("s3cret");
			});
	}

	@Test
	void metricsAreBoundToTheRegistryTaggedWithTheCluster() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("coord.members").tag("cluster", "orders").gauge().value()).isEqualTo(2);
			assertThat(registry.get("coord.tasks").tag("cluster", "orders").gauge().value()).isEqualTo(5);
			assertThat(registry.get("coord.tasks.owned").gauge().value()).isEqualTo(2);
			assertThat(registry.get("coord.tasks.unassigned").gauge().value()).isEqualTo(1);
			assertThat(registry.get("coord.handoffs.pending").gauge().value()).isEqualTo(1);
			assertThat(registry.get("coord.leader").gauge().value()).isEqualTo(1);
			assertThat(registry.get("coord.revocations").tag("reason", "LEASE_LOST").counter().count()).isZero();
		});
	}

	@Test
	void metricsBinderIsAnObserverOfTheEngine() {
		this.runner.run((context) -> assertThat(context.getBeanProvider(dev.coord.core.CoordObserver.class)
			.orderedStream()).containsExactly(context.getBean(CoordMetrics.class)));
	}

	@Test
	void metricsBackOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(CoordMetrics.class)
				.hasSingleBean(CoordHealthIndicator.class));
	}

	@Test
	void metricsBackOffWithoutARegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CoordAutoConfiguration.class, CoordMetricsAutoConfiguration.class))
			.withBean("coordEngine", CoordEngine.class, FakeEngine::new)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CoordMetrics.class));
	}

	@Test
	void healthAndEndpointBackOffWithoutActuator() {
		this.runner
			.withClassLoader(new FilteredClassLoader(HealthIndicator.class, ConditionalOnAvailableEndpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=coord")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(CoordHealthIndicator.class)
				.doesNotHaveBean(CoordEndpoint.class)
				.hasSingleBean(Coordinator.class)
				.hasSingleBean(CoordMetrics.class));
	}

	@Test
	void nothingOfCoordWhenDisabled() {
		this.runner.withPropertyValues("coord.enabled=false", "management.endpoints.web.exposure.include=coord")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(CoordHealthIndicator.class)
				.doesNotHaveBean(CoordEndpoint.class)
				.doesNotHaveBean(CoordMetrics.class));
	}

}
