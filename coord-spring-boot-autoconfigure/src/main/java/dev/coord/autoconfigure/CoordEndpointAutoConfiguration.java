package dev.coord.autoconfigure;

import dev.coord.actuate.CoordEndpoint;
import dev.coord.core.CoordEngine;
import dev.coord.core.CoordSettings;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code coord} actuator endpoint, when the actuator is present and the
 * endpoint is exposed ({@code management.endpoints.web.exposure.include=coord}).
 */
@AutoConfiguration(after = CoordAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean({ CoordEngine.class, CoordSettings.class })
@ConditionalOnAvailableEndpoint(CoordEndpoint.class)
public final class CoordEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CoordEndpoint coordEndpoint(CoordEngine engine, CoordSettings settings) {
		return new CoordEndpoint(engine, settings.cluster());
	}

}
