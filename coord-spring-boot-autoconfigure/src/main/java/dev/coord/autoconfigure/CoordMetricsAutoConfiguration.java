package dev.coord.autoconfigure;

import dev.coord.core.CoordEngine;
import dev.coord.core.CoordSettings;
import dev.coord.metrics.CoordMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of coord's {@code coord.*} meters, when Micrometer and a {@link MeterRegistry} are
 * present. The binder is also a {@code CoordObserver}, which the auto-configured engine reports to.
 */
@AutoConfiguration(after = CoordAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, CoordSettings.class })
public final class CoordMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CoordMetrics coordMetrics(CoordSettings settings, ObjectProvider<CoordEngine> engine) {
		// The engine reports to this binder, so it is looked up when a gauge is read, not when created.
		return new CoordMetrics(settings.cluster(), () -> engine.getObject().snapshot());
	}

}
