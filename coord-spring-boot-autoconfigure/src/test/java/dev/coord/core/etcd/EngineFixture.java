package dev.coord.core.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.coord.core.CoordSettings;
import dev.coord.core.Keyspace;
import dev.coord.test.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test cluster of engines on a real etcd: each test gets a cluster name of its own, members with their
 * own clients, and a journal of everything they did, checked when the fixture is closed.
 */
final class EngineFixture implements AutoCloseable {

	static final Duration TTL = Duration.ofSeconds(3);

	private static final AtomicInteger clusters = new AtomicInteger();

	private final EtcdExtension etcd;

	private final String cluster = "it-" + clusters.incrementAndGet() + "-" + System.nanoTime() % 100000;

	private final Journal journal = new Journal();

	private final List<TestMember> members = new ArrayList<>();

	private final Client admin;

	private final Keyspace keyspace;

	EngineFixture(EtcdExtension etcd) {
		this.etcd = etcd;
		this.admin = etcd.newClient();
		this.keyspace = new Keyspace(settings("probe").prefix());
	}

	Journal journal() {
		return this.journal;
	}

	Keyspace keyspace() {
		return this.keyspace;
	}

	Client admin() {
		return this.admin;
	}

	/** Test settings: a 3 s lease, quick debounce and re-list. */
	CoordSettings settings(String memberId) {
		return new CoordSettings("/coord", this.cluster, memberId, TTL, TTL.dividedBy(2), TTL.dividedBy(4), 1,
				Map.of(), true, 4, true, Duration.ofSeconds(5), Duration.ofMillis(100), 0, 128, 256 * 1024,
				Duration.ofSeconds(10), Duration.ofSeconds(2));
	}

	TestMember start(String memberId) {
		return start(settings(memberId), this.etcd.newClient());
	}

	TestMember start(CoordSettings settings, Client client) {
		TestMember member = new TestMember(client, settings, this.journal);
		this.members.add(member);
		return member.start();
	}

	void putTasks(int count) {
		for (int i = 1; i <= count; i++) {
			putTask(String.format("task-%04d", i), "payload-" + i);
		}
	}

	void putTask(String taskId, String payload) {
		put(this.keyspace.task(taskId), payload);
	}

	void put(String key, String value) {
		put(key, value.getBytes(StandardCharsets.UTF_8));
	}

	/** Puts, trying again while etcd elects a leader: a put is idempotent. */
	void put(String key, byte[] value) {
		retried(() -> get(this.admin.getKVClient()
			.put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value))));
	}

	void delete(String key) {
		retried(() -> get(this.admin.getKVClient()
			.delete(ByteSequence.from(key, StandardCharsets.UTF_8), DeleteOption.DEFAULT)));
	}

	/** Once at once (Awaitility would first wait a poll interval), then again until it succeeds. */
	private static void retried(Runnable write) {
		try {
			write.run();
		}
		catch (IllegalStateException ex) {
			await().ignoreExceptions().untilAsserted(write::run);
		}
	}

	/** Waits until every one of {@code tasks} tasks is active on exactly one of the given members, evenly. */
	void awaitBalanced(int tasks, TestMember... on) {
		awaitBalanced(Duration.ofSeconds(30), tasks, on);
	}

	void awaitBalanced(Duration atMost, int tasks, TestMember... on) {
		await().atMost(atMost).untilAsserted(() -> {
			Map<String, String> owners = this.journal.activeOwners();
			assertThat(owners).hasSize(tasks);
			List<String> ids = java.util.Arrays.stream(on).map(TestMember::id).toList();
			assertThat(owners.values()).allMatch(ids::contains);
			Map<String, Integer> loads = this.journal.loads();
			int floor = tasks / on.length;
			for (String id : ids) {
				assertThat(loads.getOrDefault(id, 0)).as("load of %s in %s", id, loads).isBetween(floor,
						floor + ((tasks % on.length == 0) ? 0 : 1));
			}
		});
	}

	static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20));
	}

	static <T> T get(java.util.concurrent.CompletableFuture<T> future) {
		try {
			return future.get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException | ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stops every member gracefully, then checks that no task was active on two members at once and that
	 * tokens increased ({@link Journal#assertExclusiveAndFenced()}) over the whole journal.
	 */
	@Override
	public void close() {
		for (TestMember member : this.members) {
			member.close();
		}
		this.admin.close();
		this.journal.assertExclusiveAndFenced();
	}

}
