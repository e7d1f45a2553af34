package dev.coord.testcontainers;

import java.net.URI;
import java.util.List;

import dev.coord.autoconfigure.CoordAutoConfiguration;
import dev.coord.autoconfigure.EtcdConnectionDetails;
import dev.coord.core.ClusterSnapshot;
import dev.coord.core.CoordEngine;
import dev.coord.core.EngineStatus;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The factory without Docker: the container is a mock that says where it listens.
 */
class EtcdContainerConnectionDetailsFactoryTests {

	@Test
	void connectsCoordToAServiceConnectionContainer() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ServiceConnectionAutoConfiguration.class, CoordAutoConfiguration.class))
			.withUserConfiguration(EtcdContainerConfiguration.class)
			.withBean("coordEngine", CoordEngine.class, IdleEngine::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(EtcdConnectionDetails.class);
				EtcdConnectionDetails details = context.getBean(EtcdConnectionDetails.class);
				assertThat(details).isInstanceOf(EtcdContainerConnectionDetailsFactory.EtcdContainerConnectionDetails.class);
				assertThat(details.getEndpoints()).containsExactly(URI.create("http://127.0.0.1:32790"));
				assertThat(details.getSslBundle()).isNull();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class EtcdContainerConfiguration {

		@Bean
		@ServiceConnection("etcd")
		GenericContainer<?> etcd() {
			GenericContainer<?> container = mock(GenericContainer.class);
			given(container.getHost()).willReturn("127.0.0.1");
			given(container.getMappedPort(EtcdContainerConnectionDetailsFactory.ETCD_CLIENT_PORT)).willReturn(32790);
			return container;
		}

	}

	static class IdleEngine implements CoordEngine {

		@Override
		public void start() {
		}

		@Override
		public EngineStatus status() {
			return new EngineStatus(EngineStatus.Phase.ACTIVE, null, List.of(), null);
		}

		@Override
		public ClusterSnapshot snapshot() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void close() {
		}

	}

}
