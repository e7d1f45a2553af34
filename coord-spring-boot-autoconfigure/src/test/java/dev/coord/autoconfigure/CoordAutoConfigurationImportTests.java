package dev.coord.autoconfigure;

import dev.coord.actuate.CoordEndpoint;
import dev.coord.core.CoordEngine;
import dev.coord.health.CoordHealthIndicator;
import dev.coord.metrics.CoordMetrics;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through {@code @EnableAutoConfiguration}, as in an application: the imports file registers every
 * auto-configuration, and a missing jar removes its auto-configuration before any condition is read.
 * (Without actuator is tested in {@link CoordActuatorAutoConfigurationTests}: a filtered class loader
 * cannot hide the actuator's own imports file.)
 */
class CoordAutoConfigurationImportTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AutoConfigured.class)
		.withPropertyValues("management.endpoints.web.exposure.include=coord")
		.withBean("coordEngine", CoordEngine.class, FakeEngine::new);

	@Test
	void registersEveryAutoConfiguration() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(Coordinator.class)
			.hasSingleBean(CoordHealthIndicator.class)
			.hasSingleBean(CoordEndpoint.class)
			.hasSingleBean(CoordMetrics.class));
	}

	@Test
	void worksWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(Coordinator.class)
				.doesNotHaveBean(CoordMetrics.class));
	}

	@Test
	void backsOffEntirelyWithoutJetcd() {
		this.runner.withClassLoader(new FilteredClassLoader(Client.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(Coordinator.class)
				.doesNotHaveBean(CoordHealthIndicator.class)
				.doesNotHaveBean(CoordEndpoint.class)
				.doesNotHaveBean(CoordMetrics.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AutoConfigured {

	}

}
