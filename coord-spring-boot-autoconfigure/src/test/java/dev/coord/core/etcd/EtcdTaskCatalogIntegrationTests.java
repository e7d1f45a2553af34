package dev.coord.core.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.coord.core.Keyspace;
import dev.coord.test.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EtcdTaskCatalogIntegrationTests {

	@RegisterExtension
	static final EtcdExtension etcd = EtcdExtension.singleNode();

	private Client client;

	private Keyspace keyspace;

	private EtcdTaskCatalog catalog;

	@BeforeEach
	void setUp() {
		this.client = etcd.newClient();
		this.keyspace = new Keyspace("/coord/catalog-" + UUID.randomUUID().toString().substring(0, 8) + "/");
		this.catalog = new EtcdTaskCatalog(this.client, this.keyspace, 1024, Duration.ofSeconds(5));
	}

	@Test
	void putsReplacesAndRemovesTasksUnderTheClustersTasksPrefix() throws Exception {
		this.catalog.put("orders/eu-1", bytes("v1"));
		this.catalog.put("orders/eu-1", bytes("v2"));
		assertThat(raw(this.keyspace.task("orders/eu-1"))).isEqualTo("v2");
		assertThat(this.catalog.remove("orders/eu-1")).isTrue();
		assertThat(this.catalog.remove("orders/eu-1")).isFalse();
		assertThat(this.catalog.list()).isEmpty();
	}

	@Test
	void putIfAbsentCreatesOnlyOnce() {
		assertThat(this.catalog.putIfAbsent("t", bytes("first"))).isTrue();
		assertThat(this.catalog.putIfAbsent("t", bytes("second"))).isFalse();
		assertThat(new String(this.catalog.list().get("t"), StandardCharsets.UTF_8)).isEqualTo("first");
	}

	@Test
	void listsEveryTaskAcrossPagesAndLeavesOutWhatTheCoordinatorSkips() throws Exception {
		for (int i = 0; i < 1203; i++) {
			this.catalog.put(String.format("task-%04d", i), bytes("p" + i));
		}
		put(this.keyspace.task("too-big"), "x".repeat(2000));
		put(this.keyspace.task("bad\u0001id"), "x");
		put(this.keyspace.member("m1"), "{}");
		Map<String, byte[]> tasks = this.catalog.list();
		assertThat(tasks).hasSize(1203).containsKeys("task-0000", "task-0500", "task-1202").doesNotContainKeys("too-big");
		assertThat(new String(tasks.get("task-0777"), StandardCharsets.UTF_8)).isEqualTo("p777");
	}

	@Test
	void rejectsInvalidIdsAndOversizePayloadsWithAClearMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.catalog.put("", bytes("x")))
			.withMessageContaining("Invalid task id ''");
		assertThatIllegalArgumentException().isThrownBy(() -> this.catalog.put("a\nb", bytes("x")))
			.withMessageContaining("without control characters");
		assertThatIllegalArgumentException().isThrownBy(() -> this.catalog.put("big", new byte[1025]))
			.withMessageContaining("1025 bytes, over coord.task.max-payload (1024 bytes)");
		assertThatIllegalArgumentException().isThrownBy(() -> this.catalog.putIfAbsent("big", new byte[1025]));
	}

	@Test
	void failsWithAClearMessageWhenEtcdIsDown() {
		Client unreachable = etcd.newClient(etcd.endpoints(), (builder) -> builder.waitForReady(false));
		EtcdTaskCatalog down = new EtcdTaskCatalog(unreachable, this.keyspace, 1024, Duration.ofSeconds(2));
		etcd.node(0).stop();
		assertThatIllegalStateException().isThrownBy(() -> down.put("t", bytes("x")))
			.withMessageStartingWith("Could not put task 't' in etcd");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private void put(String key, String value) throws Exception {
		this.client.getKVClient()
			.put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value, StandardCharsets.UTF_8))
			.get(5, TimeUnit.SECONDS);
	}

	private String raw(String key) throws Exception {
		return this.client.getKVClient()
			.get(ByteSequence.from(key, StandardCharsets.UTF_8))
			.get(5, TimeUnit.SECONDS)
			.getKvs()
			.get(0)
			.getValue()
			.toString(StandardCharsets.UTF_8);
	}

}
