package dev.coord.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.coord.core.TaskCatalog;
import dev.coord.test.EtcdExtension;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Whole Spring Boot applications on a real etcd, each one member of a cluster of its own name, with a
 * {@link TaskJournal} listener in each.
 */
final class StarterFixture implements AutoCloseable {

	/** Short enough that outage tests take seconds: renew deadline 2 s, revoke timeout 1 s. */
	static final Duration TTL = Duration.ofSeconds(4);

	private final EtcdExtension etcd;

	private final String cluster;

	private final TaskJournal journal = new TaskJournal();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	StarterFixture(EtcdExtension etcd) {
		this(etcd, "it-" + UUID.randomUUID().toString().substring(0, 8));
	}

	StarterFixture(EtcdExtension etcd, String cluster) {
		this.etcd = etcd;
		this.cluster = cluster;
	}

	String cluster() {
		return this.cluster;
	}

	TaskJournal journal() {
		return this.journal;
	}

	/** Starts a member on the extension's etcd. */
	ConfigurableApplicationContext start(String memberId, String... properties) {
		List<String> all = new ArrayList<>(List.of("coord.etcd.endpoints=" + String.join(",", this.etcd.endpoints())));
		all.addAll(List.of(properties));
		return startWith(memberId, all.toArray(String[]::new));
	}

	/** Starts a member with the given properties only (besides cluster, member id and timings). */
	ConfigurableApplicationContext startWith(String memberId, String... properties) {
		List<String> all = new ArrayList<>(List.of("coord.cluster=" + this.cluster, "coord.member.id=" + memberId,
				"coord.member.lease-ttl=" + TTL.toSeconds() + "s", "coord.shutdown.drain-timeout=5s",
				"coord.rebalance.debounce=0", "coord.etcd.connect-timeout=2s", "spring.main.banner-mode=off",
				"management.endpoints.web.exposure.include=coord,health"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.initializers((initialized) -> ((GenericApplicationContext) initialized)
				.registerBean(TaskJournal.Listener.class, this.journal::listener))
			.run();
		this.contexts.add(context);
		return context;
	}

	/** Puts tasks {@code task-0 ...} with a JSON payload, through the member's {@link TaskCatalog} bean. */
	void putTasks(ConfigurableApplicationContext context, int count) {
		TaskCatalog catalog = context.getBean(TaskCatalog.class);
		for (int i = 0; i < count; i++) {
			String json = "{\"id\":\"task-" + i + "\",\"quantity\":" + i + "}";
			catalog.put("task-" + i, json.getBytes(StandardCharsets.UTF_8));
		}
	}

	static Coordinator coordinator(ConfigurableApplicationContext context) {
		return context.getBean(Coordinator.class);
	}

	static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
	}

	@Override
	public void close() {
		for (ConfigurableApplicationContext context : this.contexts) {
			context.close();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
