package dev.coord.autoconfigure;

import dev.coord.core.CoordEngine;
import dev.coord.core.CoordSettings;
import dev.coord.health.CoordHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code coord} health indicator, when Spring Boot's health support is present.
 */
@AutoConfiguration(after = CoordAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ CoordEngine.class, CoordSettings.class })
@ConditionalOnEnabledHealthIndicator("coord")
public final class CoordHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "coordHealthIndicator")
	CoordHealthIndicator coordHealthIndicator(CoordEngine engine, CoordSettings settings) {
		return new CoordHealthIndicator(engine, settings.cluster());
	}

}
