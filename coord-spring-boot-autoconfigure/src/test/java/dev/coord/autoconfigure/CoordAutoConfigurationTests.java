package dev.coord.autoconfigure;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.coord.core.CoordEngine;
import dev.coord.core.CoordSettings;
import dev.coord.core.EngineStatus.Phase;
import dev.coord.core.TaskCatalog;
import dev.coord.core.etcd.EtcdCoordEngine;
import dev.coord.core.etcd.EtcdTaskCatalog;
import dev.coord.event.PayloadConverter;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class CoordAutoConfigurationTests {

	/** Every context gets a fake engine: these tests need no etcd. */
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoordAutoConfiguration.class, SslAutoConfiguration.class))
		.withBean("coordEngine", CoordEngine.class, FakeEngine::new);

	@Test
	void backsOffWithoutJetcd() {
		this.runner.withClassLoader(new FilteredClassLoader(Client.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(CoordProperties.class)
				.doesNotHaveBean(CoordLifecycle.class)
				.doesNotHaveBean(Coordinator.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("coord.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(CoordProperties.class)
				.doesNotHaveBean(Client.class)
				.doesNotHaveBean(CoordLifecycle.class));
	}

	@Test
	void providesClientCatalogCoordinatorAndLifecycle() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Client.class)
				.hasSingleBean(PropertiesEtcdConnectionDetails.class)
				.hasSingleBean(CoordSettings.class)
				.hasSingleBean(EtcdTaskCatalog.class)
				.hasSingleBean(Coordinator.class)
				.hasSingleBean(CoordLifecycle.class);
			assertThat(context.getBean(CoordLifecycle.class).isRunning()).isTrue();
		});
	}

	@Test
	void providesTheEtcdEngineWhenNoneIsDefined() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CoordAutoConfiguration.class))
			.withUserConfiguration(NotStartedConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(EtcdCoordEngine.class));
	}

	@Test
	void startsWithoutWaitingWhenEtcdIsUnreachableAndFailFastIsOff() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CoordAutoConfiguration.class))
			.withPropertyValues("coord.etcd.endpoints=http://127.0.0.1:" + port, "coord.etcd.connect-timeout=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(EtcdCoordEngine.class);
				assertThat(context.getBean(CoordLifecycle.class).isRunning()).isTrue();
				Coordinator coordinator = context.getBean(Coordinator.class);
				assertThat(coordinator.status().phase()).isIn(Phase.JOINING);
				assertThat(coordinator.isHealthy()).isFalse();
			});
	}

	@Test
	void startsTheEngineWhenTheContextStartsAndClosesItWhenTheContextCloses() {
		FakeEngine engine = new FakeEngine();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CoordAutoConfiguration.class))
			.withBean(CoordEngine.class, () -> engine)
			.run((context) -> {
				assertThat(engine.starts).hasValue(1);
				assertThat(engine.closes).hasValue(0);
			});
		assertThat(engine.closes.get()).isPositive();
	}

	@Test
	void backsOffForEachUserDefinedBean() {
		Client client = mock(Client.class);
		TaskCatalog catalog = mock(TaskCatalog.class);
		EtcdConnectionDetails details = () -> List.of(URI.create("http://etcd.example:2379"));
		this.runner.withBean("myClient", Client.class, () -> client)
			.withBean("myCatalog", TaskCatalog.class, () -> catalog)
			.withBean("myDetails", EtcdConnectionDetails.class, () -> details)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Client.class)).isSameAs(client);
				assertThat(context.getBean(TaskCatalog.class)).isSameAs(catalog);
				assertThat(context.getBean(EtcdConnectionDetails.class)).isSameAs(details);
				assertThat(context).doesNotHaveBean(PropertiesEtcdConnectionDetails.class);
			});
	}

	@Test
	void backsOffForAUserDefinedCoordinatorAndSettings() {
		CoordSettings settings = CoordSettings.defaults("mine", "me");
		this.runner.withBean("mySettings", CoordSettings.class, () -> settings)
			.withBean("myCoordinator", Coordinator.class, () -> new Coordinator(new FakeEngine(), settings))
			.run((context) -> {
				assertThat(context).hasSingleBean(Coordinator.class).hasSingleBean(CoordSettings.class);
				assertThat(context.getBean(Coordinator.class).getCluster()).isEqualTo("mine");
				assertThat(context).getBean("myCoordinator").isSameAs(context.getBean(Coordinator.class));
			});
	}

	@Test
	void usesEveryDefaultOfTheDesign() {
		this.runner.run((context) -> {
			CoordSettings settings = context.getBean(CoordSettings.class);
			assertThat(settings.namespace()).isEqualTo("/coord");
			assertThat(settings.cluster()).isEqualTo("default");
			assertThat(settings.memberId()).matches("coord-[a-z0-9._-]+-[a-z0-9]{6}");
			assertThat(settings.leaseTtl()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.renewDeadline()).isEqualTo(Duration.ofSeconds(5));
			assertThat(settings.revokeTimeout()).isEqualTo(Duration.ofMillis(2500));
			assertThat(settings.capacity()).isEqualTo(1);
			assertThat(settings.labels()).isEmpty();
			assertThat(settings.workerEnabled()).isTrue();
			assertThat(settings.listenerThreads()).isEqualTo(4);
			assertThat(settings.leaderEligible()).isTrue();
			assertThat(settings.rebalanceInterval()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.rebalanceDebounce()).isEqualTo(Duration.ofMillis(250));
			assertThat(settings.maxMoves()).isZero();
			assertThat(settings.maxTxnOps()).isEqualTo(128);
			assertThat(settings.maxPayload()).isEqualTo(256 * 1024);
			assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(20));
			assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
			CoordProperties properties = context.getBean(CoordProperties.class);
			assertThat(properties.isFailFast()).isFalse();
			assertThat(properties.getEtcd().getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(context.getBean(EtcdConnectionDetails.class).getEndpoints())
				.containsExactly(URI.create("http://localhost:2379"));
		});
	}

	@Test
	void bindsEveryProperty() {
		this.runner
			.withPropertyValues("coord.namespace=/jobs", "coord.cluster=orders", "coord.member.id=node-1",
					"coord.member.lease-ttl=20s", "coord.member.renew-deadline=8s", "coord.member.revoke-timeout=4s",
					"coord.member.capacity=3", "coord.member.labels.zone=eu-1", "coord.worker.enabled=false",
					"coord.worker.listener-threads=2", "coord.leader.eligible=false", "coord.rebalance.interval=1m",
					"coord.rebalance.debounce=0", "coord.rebalance.max-moves=10", "coord.rebalance.max-txn-ops=64",
					"coord.task.max-payload=1MB", "coord.shutdown.drain-timeout=15s", "coord.etcd.request-timeout=3s",
					"coord.etcd.connect-timeout=2s", "coord.fail-fast=false")
			.run((context) -> {
				CoordSettings settings = context.getBean(CoordSettings.class);
				assertThat(settings).isEqualTo(new CoordSettings("/jobs", "orders", "node-1", Duration.ofSeconds(20),
						Duration.ofSeconds(8), Duration.ofSeconds(4), 3, Map.of("zone", "eu-1"), false, 2, false,
						Duration.ofMinutes(1), Duration.ZERO, 10, 64, 1024 * 1024, Duration.ofSeconds(15),
						Duration.ofSeconds(3)));
				assertThat(settings.prefix()).isEqualTo("/jobs/orders/");
			});
	}

	@Test
	void derivesRenewDeadlineAndRevokeTimeoutFromTheLeaseTtl() {
		this.runner.withPropertyValues("coord.member.lease-ttl=20s").run((context) -> {
			CoordSettings settings = context.getBean(CoordSettings.class);
			assertThat(settings.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.revokeTimeout()).isEqualTo(Duration.ofSeconds(5));
		});
	}

	@Test
	void namesTheClusterAndMemberAfterTheApplication() {
		this.runner.withPropertyValues("spring.application.name=Order Service", "coord.cluster=orders").run((context) -> {
			CoordSettings settings = context.getBean(CoordSettings.class);
			assertThat(settings.memberId()).startsWith("order-service-").matches("[A-Za-z0-9._-]{1,128}");
		});
		this.runner.withPropertyValues("spring.application.name=orders")
			.run((context) -> assertThat(context.getBean(CoordSettings.class).cluster()).isEqualTo("orders"));
	}

	@Test
	void generatesANewMemberIdForEveryContext() {
		AtomicReference<String> first = new AtomicReference<>();
		this.runner.run((context) -> first.set(context.getBean(CoordSettings.class).memberId()));
		this.runner.run((context) -> assertThat(context.getBean(CoordSettings.class).memberId())
			.isNotEqualTo(first.get()));
	}

	@Test
	void appliesCustomizersAfterItsOwnSettings() {
		AtomicReference<ClientBuilder> seen = new AtomicReference<>();
		this.runner
			.withPropertyValues("coord.etcd.endpoints=http://etcd-0:2379,http://etcd-1:2379",
					"coord.etcd.username=app", "coord.etcd.password=s3cret", "coord.etcd.connect-timeout=3s")
			.withBean(EtcdClientBuilderCustomizer.class, () -> seen::set)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClientBuilder builder = seen.get();
				assertThat(builder.target()).isEqualTo("ip:///etcd-0:2379,etcd-1:2379");
				assertThat(builder.user()).isEqualTo(ByteSequence.from("app".getBytes()));
				assertThat(builder.password()).isEqualTo(ByteSequence.from("s3cret".getBytes()));
				assertThat(builder.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(builder.waitForReady()).isFalse();
				assertThat(builder.sslContext()).isNull();
				assertThat(builder.maxInboundMessageSize()).isGreaterThan(256 * 1024 * 1000);
			});
	}

	@Test
	void usesTlsForHttpsEndpoints() {
		AtomicReference<ClientBuilder> seen = new AtomicReference<>();
		this.runner.withPropertyValues("coord.etcd.endpoints=https://etcd-0:2379")
			.withBean(EtcdClientBuilderCustomizer.class, () -> seen::set)
			.run((context) -> assertThat(seen.get().sslContext()).isNotNull());
	}

	@Test
	void neverShowsThePassword() {
		this.runner.withPropertyValues("coord.etcd.username=app", "coord.etcd.password=s3cret").run((context) -> {
			assertThat(context.getBean(CoordProperties.class).toString()).contains("app").doesNotContain("s3cret");
			assertThat(context.getBean(EtcdConnectionDetails.class).toString()).contains("app")
				.doesNotContain("s3cret");
		});
	}

	@Test
	void readsPayloadsWithTheContextsJsonMapper() {
		this.runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class)).run((context) -> {
			assertThat(context).hasSingleBean(JsonMapper.class).hasSingleBean(PayloadConverter.class);
			Order order = context.getBean(PayloadConverter.class)
				.convert("{\"id\":\"o-1\",\"quantity\":3}".getBytes(), Order.class);
			assertThat(order).isEqualTo(new Order("o-1", 3));
		});
	}

	@Test
	void hasNoPayloadConverterWithoutJackson() {
		this.runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PayloadConverter.class));
	}

	@Test
	void backsOffForAUserDefinedPayloadConverter() {
		PayloadConverter mine = mock(PayloadConverter.class);
		this.runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withBean(PayloadConverter.class, () -> mine)
			.run((context) -> assertThat(context.getBean(PayloadConverter.class)).isSameAs(mine));
	}

	record Order(String id, int quantity) {
	}

	/** Keeps the auto-configured engine from being started: it would need etcd. */
	@Configuration(proxyBeanMethods = false)
	static class NotStartedConfiguration {

		@Bean
		CoordLifecycle coordLifecycle() {
			return new CoordLifecycle(new FakeEngine(), "test", false, Duration.ofSeconds(5), () -> null);
		}

	}

}
