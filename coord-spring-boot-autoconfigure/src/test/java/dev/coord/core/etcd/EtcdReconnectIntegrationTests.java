package dev.coord.core.etcd;

import java.time.Duration;
import java.util.List;

import dev.coord.core.CoordSettings;
import dev.coord.core.EngineStatus.Phase;
import dev.coord.core.etcd.Journal.Kind;
import dev.coord.test.EtcdExtension;
import dev.coord.test.TcpProxy;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.coord.core.etcd.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member's etcd client after etcd endpoints went away and came back. gRPC waits longer after each failed
 * connection to an endpoint (1 s, 1.6 s, 2.6 s, 4.1 s, 6.6 s, … up to two minutes), even once that endpoint
 * is back; a member whose only connected etcd node then dies must reach the others before its renew
 * deadline instead of waiting that out — losing one etcd node of three revokes nothing (DESIGN.md §4).
 */
class EtcdReconnectIntegrationTests {

	/** gRPC's sixth failed connection is followed by a wait of 10.5 s ± 20 %: far past the renew deadline. */
	private static final int REFUSED_CONNECTIONS = 6;

	@RegisterExtension
	final EtcdExtension etcd = EtcdExtension.cluster(3);

	@ParameterizedTest(name = "waitForReady={0}")
	@ValueSource(booleans = { false, true })
	void aMemberReachesEtcdNodesThatCameBackAsSoonAsItsOwnNodeGoes(boolean waitForReady) {
		try (EngineFixture fixture = new EngineFixture(this.etcd)) {
			List<TcpProxy> proxies = this.etcd.nodes().stream().map(this.etcd::proxyTo).toList();
			Client client = this.etcd.newClient(proxies.stream().map(TcpProxy::endpoint).toList(),
					(builder) -> builder.waitForReady(waitForReady));
			CoordSettings settings = fixture.settings("a").withLeaseTtl(Duration.ofSeconds(6));
			TestMember member = fixture.start(settings, client);
			fixture.putTasks(10);
			fixture.awaitBalanced(10, member);

			// etcd stays healthy throughout: only the member's paths to two of its nodes refuse connections,
			// long enough for gRPC to back off for many seconds, and then come back.
			TcpProxy lastPath = proxies.get(0);
			List<TcpProxy> pathsBack = proxies.subList(1, 3);
			pathsBack.forEach(TcpProxy::refuse);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> pathsBack.stream().allMatch((path) -> path.refusedConnections() >= REFUSED_CONNECTIONS));
			pathsBack.forEach(TcpProxy::heal);
			lastPath.refuse();

			fixture.putTask("after-the-switch", "x");
			fixture.awaitBalanced(11, member);
			Duration fencingWouldBeOver = settings.renewDeadline().plus(settings.revokeTimeout());
			await().during(fencingWouldBeOver).atMost(fencingWouldBeOver.plusSeconds(5)).untilAsserted(() -> {
				assertThat(fixture.journal().of(Kind.REVOKED)).isEmpty();
				assertThat(member.status().phase()).isEqualTo(Phase.ACTIVE);
			});
		}
	}

}
