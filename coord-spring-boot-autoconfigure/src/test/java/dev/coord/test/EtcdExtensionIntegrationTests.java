package dev.coord.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The test kit against the real etcd it starts.
 */
class EtcdExtensionIntegrationTests {

	private static final ByteSequence KEY = bytes("kit/key");

	private static final Duration RECOVERY = Duration.ofSeconds(20);

	@Nested
	class SingleNode {

		@RegisterExtension
		final EtcdExtension etcd = EtcdExtension.singleNode();

		@Test
		void getReturnsWhatPutWrote() throws Exception {
			KV kv = this.etcd.newClient().getKVClient();
			kv.put(KEY, bytes("v1")).get(5, TimeUnit.SECONDS);
			assertThat(valueOf(kv.get(KEY).get(5, TimeUnit.SECONDS))).isEqualTo("v1");
		}

		@Test
		void restartKeepsTheDataAndTheEndpoint() throws Exception {
			KV kv = this.etcd.newClient().getKVClient();
			kv.put(KEY, bytes("v1")).get(5, TimeUnit.SECONDS);
			String endpoint = this.etcd.node(0).endpoint();
			this.etcd.node(0).restart();
			assertThat(this.etcd.node(0).isRunning()).isTrue();
			assertThat(this.etcd.node(0).endpoint()).isEqualTo(endpoint);
			assertThat(valueOf(kv.get(KEY).get(10, TimeUnit.SECONDS))).isEqualTo("v1");
		}

		@Test
		void killedNodeIsUnreachableUntilRestartedThenServesItsAcknowledgedWrites() throws Exception {
			KV kv = this.etcd.newClient().getKVClient();
			kv.put(KEY, bytes("v1")).get(5, TimeUnit.SECONDS);
			this.etcd.node(0).kill();
			assertThat(this.etcd.node(0).isRunning()).isFalse();
			assertThatThrownBy(() -> kv.get(KEY).get(1, TimeUnit.SECONDS)).isInstanceOfAny(TimeoutException.class,
					ExecutionException.class);
			this.etcd.node(0).restart();
			assertThat(valueOf(kv.get(KEY).get(10, TimeUnit.SECONDS))).isEqualTo("v1");
		}

		@Test
		void compactionMakesAWatchFromAnOlderRevisionFail() throws Exception {
			Client client = this.etcd.newClient();
			KV kv = client.getKVClient();
			long first = kv.put(KEY, bytes("v1")).get(5, TimeUnit.SECONDS).getHeader().getRevision();
			kv.put(KEY, bytes("v2")).get(5, TimeUnit.SECONDS);
			long last = kv.put(KEY, bytes("v3")).get(5, TimeUnit.SECONDS).getHeader().getRevision();

			long compacted = this.etcd.compact();

			assertThat(compacted).isEqualTo(last);
			assertThat(this.etcd.compact()).as("compacting again without writes").isEqualTo(compacted);
			List<WatchResponse> responses = new CopyOnWriteArrayList<>();
			CompletableFuture<Throwable> failure = new CompletableFuture<>();
			try (Watch.Watcher watcher = client.getWatchClient()
				.watch(KEY, WatchOption.builder().withRevision(first).build(),
						Watch.listener(responses::add, failure::complete))) {
				assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(CompactedException.class,
						(ex) -> assertThat(ex.getCompactedRevision()).isEqualTo(compacted));
			}
			assertThat(responses).isEmpty();
			assertThatThrownBy(() -> kv.get(KEY, GetOption.builder().withRevision(first).build()).get(5, TimeUnit.SECONDS))
				.hasMessageContaining("compacted");
		}

		@Test
		void clientThroughACutProxyTimesOutAndWorksAgainAfterHeal() throws Exception {
			TcpProxy proxy = this.etcd.proxyTo(this.etcd.node(0));
			KV kv = this.etcd.newClient(List.of(proxy.endpoint())).getKVClient();
			kv.put(KEY, bytes("v1")).get(5, TimeUnit.SECONDS);

			proxy.cut();

			assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> kv.get(KEY).get(2, TimeUnit.SECONDS));
			KV direct = this.etcd.newClient().getKVClient();
			direct.put(KEY, bytes("v2")).get(5, TimeUnit.SECONDS);

			proxy.heal();

			await().atMost(RECOVERY)
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(valueOf(kv.get(KEY).get(2, TimeUnit.SECONDS))).isEqualTo("v2"));
		}

	}

	@Nested
	class ThreeNodeCluster {

		@RegisterExtension
		final EtcdExtension etcd = EtcdExtension.cluster(3);

		@Test
		void keepsServingWritesWithTheLeaderKilledAndTheRestartedLeaderCatchesUp() throws Exception {
			assertThat(this.etcd.endpoints()).hasSize(3).doesNotHaveDuplicates();
			Client client = this.etcd.newClient();
			client.getKVClient().put(KEY, bytes("v1")).get(5, TimeUnit.SECONDS);
			EtcdNode leader = leader(client);

			leader.kill();

			assertThat(leader.isRunning()).isFalse();
			await().atMost(RECOVERY)
				.ignoreExceptions()
				.untilAsserted(() -> client.getKVClient().put(KEY, bytes("v2")).get(2, TimeUnit.SECONDS));
			for (EtcdNode survivor : this.etcd.nodes()) {
				if (survivor != leader) {
					awaitLocalValue(survivor, "v2");
				}
			}

			leader.restart();

			awaitLocalValue(leader, "v2");
		}

		@Test
		void comesBackWithItsDataAfterAnOutageOfTheWholeCluster() throws Exception {
			KV kv = this.etcd.newClient().getKVClient();
			kv.put(KEY, bytes("v1")).get(5, TimeUnit.SECONDS);

			this.etcd.stopAll();

			assertThat(this.etcd.nodes()).noneMatch(EtcdNode::isRunning);
			this.etcd.node(0).restart(); // without quorum: returns once it listens
			assertThat(this.etcd.node(0).isRunning()).isTrue();
			assertThat(HealthProbe.check(this.etcd.node(0).endpoint()).healthy()).isFalse();

			this.etcd.restartAll();

			assertThat(this.etcd.nodes()).allMatch(EtcdNode::isRunning);
			assertThat(valueOf(kv.get(KEY).get(10, TimeUnit.SECONDS))).isEqualTo("v1");
		}

		private EtcdNode leader(Client client) throws Exception {
			List<EtcdNode> leaders = new ArrayList<>();
			for (EtcdNode node : this.etcd.nodes()) {
				StatusResponse status = client.getMaintenanceClient().statusMember(node.endpoint()).get(5, TimeUnit.SECONDS);
				if (status.getLeader() == status.getHeader().getMemberId()) {
					leaders.add(node);
				}
			}
			assertThat(leaders).hasSize(1);
			return leaders.get(0);
		}

		/** Reads the member's own copy (serializable), without going through the leader. */
		private void awaitLocalValue(EtcdNode node, String expected) {
			KV local = this.etcd.newClient(List.of(node.endpoint())).getKVClient();
			GetOption serializable = GetOption.builder().withSerializable(true).build();
			await().atMost(RECOVERY)
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(valueOf(local.get(KEY, serializable).get(2, TimeUnit.SECONDS)))
					.isEqualTo(expected));
		}

	}

	@Nested
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	class SharedByTheClass {

		@RegisterExtension
		static final EtcdExtension etcd = EtcdExtension.singleNode();

		@Test
		@Order(1)
		void aTestMayLeaveTheNodeStopped() {
			etcd.node(0).stop();
			assertThat(etcd.node(0).isRunning()).isFalse();
		}

		@Test
		@Order(2)
		void theNextTestFindsItRunning() throws Exception {
			assertThat(etcd.node(0).isRunning()).isTrue();
			KV kv = etcd.newClient().getKVClient();
			kv.put(KEY, bytes("v1")).get(5, TimeUnit.SECONDS);
			assertThat(valueOf(kv.get(KEY).get(5, TimeUnit.SECONDS))).isEqualTo("v1");
		}

	}

	private static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

	private static String valueOf(GetResponse response) {
		assertThat(response.getKvs()).hasSize(1);
		return response.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8);
	}

}
