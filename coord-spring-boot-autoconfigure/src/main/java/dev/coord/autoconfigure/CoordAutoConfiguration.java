package dev.coord.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.coord.core.CoordEngine;
import dev.coord.core.CoordObserver;
import dev.coord.core.CoordSettings;
import dev.coord.core.Keyspace;
import dev.coord.core.TaskCatalog;
import dev.coord.core.etcd.EtcdCoordEngine;
import dev.coord.core.etcd.EtcdTaskCatalog;
import dev.coord.event.PayloadConverter;
import io.etcd.jetcd.Client;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of coord: the etcd client, the engine, the task catalog, the {@link Coordinator}
 * view, and the lifecycle that joins the cluster once the context has started.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass(Client.class)
@ConditionalOnBooleanProperty(name = "coord.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CoordProperties.class)
@Import(EtcdClientConfiguration.class)
public final class CoordAutoConfiguration {

	private static final Log logger = LogFactory.getLog(CoordAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	CoordSettings coordSettings(CoordProperties properties, Environment environment) {
		CoordSettings settings = CoordSettingsFactory.create(properties, environment);
		warnIfDrainOutlastsShutdownPhase(settings.drainTimeout(), environment);
		return settings;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(CoordEngine.class)
	EtcdCoordEngine coordEngine(Client etcdClient, CoordSettings settings, ApplicationEventPublisher publisher,
			ObjectProvider<Coordinator> coordinator, ObjectProvider<PayloadConverter> payloadConverter,
			ObjectProvider<CoordObserver> observers) {
		CoordEventPublisher listener = new CoordEventPublisher(publisher, coordinator, payloadConverter);
		List<CoordObserver> all = observers.orderedStream().toList();
		return new EtcdCoordEngine(etcdClient, settings, listener, CompositeCoordObserver.of(all));
	}

	@Bean
	@ConditionalOnMissingBean(TaskCatalog.class)
	EtcdTaskCatalog coordTaskCatalog(Client etcdClient, CoordSettings settings) {
		return new EtcdTaskCatalog(etcdClient, new Keyspace(settings.prefix()), settings.maxPayload(),
				settings.requestTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	Coordinator coordinator(CoordEngine engine, CoordSettings settings) {
		return new Coordinator(engine, settings);
	}

	@Bean
	@ConditionalOnMissingBean
	CoordLifecycle coordLifecycle(CoordEngine engine, CoordSettings settings, CoordProperties properties,
			EtcdConnectionDetails connectionDetails, Client etcdClient) {
		List<URI> endpoints = connectionDetails.getEndpoints();
		String description = "cluster '" + settings.cluster() + "' as member '" + settings.memberId() + "' at etcd "
				+ endpoints;
		EtcdProbe probe = new EtcdProbe(etcdClient, settings.prefix(), endpoints, settings.requestTimeout());
		return new CoordLifecycle(engine, description, properties.isFailFast(),
				properties.getEtcd().getConnectTimeout(), probe);
	}

	/**
	 * Spring gives each shutdown phase {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s by
	 * default); a drain that takes longer is cut short there.
	 */
	private static void warnIfDrainOutlastsShutdownPhase(Duration drainTimeout, Environment environment) {
		Duration phase = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		if (drainTimeout.compareTo(phase) >= 0) {
			logger.warn("coord.shutdown.drain-timeout (" + DurationText.of(drainTimeout)
					+ ") is not below spring.lifecycle.timeout-per-shutdown-phase (" + DurationText.of(phase)
					+ "): a graceful shutdown may stop waiting for coord before its tasks have moved. Lower the "
					+ "first or raise the second.");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonPayloadConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean(PayloadConverter.class)
		JacksonPayloadConverter coordPayloadConverter(ObjectProvider<JsonMapper> jsonMapper) {
			return new JacksonPayloadConverter(jsonMapper);
		}

	}

}
