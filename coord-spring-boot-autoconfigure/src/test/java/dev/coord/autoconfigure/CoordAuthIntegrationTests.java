package dev.coord.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.coord.health.CoordHealthIndicator;
import dev.coord.test.EtcdExtension;
import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.coord.autoconfigure.StarterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * etcd with authentication on, and an application user whose role may only read and write its cluster's
 * prefix, as an operator would set it up:
 *
 * <pre>
 * etcdctl role add orders
 * etcdctl role grant-permission orders --prefix=true readwrite /coord/orders/
 * etcdctl user add orders-app
 * etcdctl user grant-role orders-app orders
 * etcdctl auth enable
 * </pre>
 */
class CoordAuthIntegrationTests {

	@RegisterExtension
	static final EtcdExtension etcd = EtcdExtension.singleNode();

	private static final String CLUSTER = "orders";

	private static final String USER = "orders-app";

	private static final String PASSWORD = "orders-secret-1";

	private StarterFixture fixture;

	@BeforeAll
	static void enableAuthentication() throws Exception {
		Client admin = etcd.newClient();
		Auth auth = admin.getAuthClient();
		call(auth.roleAdd(bytes("root")));
		call(auth.userAdd(bytes("root"), bytes("root-secret")));
		call(auth.userGrantRole(bytes("root"), bytes("root")));
		call(auth.roleAdd(bytes(CLUSTER)));
		call(auth.roleGrantPermission(bytes(CLUSTER), bytes("/coord/orders/"), bytes("/coord/orders0"),
				Permission.Type.READWRITE));
		call(auth.userAdd(bytes(USER), bytes(PASSWORD)));
		call(auth.userGrantRole(bytes(USER), bytes(CLUSTER)));
		call(auth.authEnable());
	}

	@AfterEach
	void tearDown() {
		if (this.fixture != null) {
			this.fixture.close();
			this.fixture.journal().assertExclusiveAndOrdered();
		}
	}

	@Test
	void membersShareTasksWithAUserRestrictedToTheClustersPrefix() {
		this.fixture = new StarterFixture(etcd, CLUSTER);
		ConfigurableApplicationContext a = this.fixture.start("a", "coord.fail-fast=true",
				"coord.etcd.username=" + USER, "coord.etcd.password=" + PASSWORD);
		ConfigurableApplicationContext b = this.fixture.start("b", "coord.fail-fast=true",
				"coord.etcd.username=" + USER, "coord.etcd.password=" + PASSWORD);
		this.fixture.putTasks(a, 4);
		await().untilAsserted(() -> {
			assertThat(this.fixture.journal().activeOn("a")).hasSize(2);
			assertThat(this.fixture.journal().activeOn("b")).hasSize(2);
		});
		Health health = a.getBean(CoordHealthIndicator.class).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.toString()).doesNotContain(PASSWORD);
		b.close();
		await().untilAsserted(() -> assertThat(this.fixture.journal().activeOn("a")).hasSize(4));
	}

	@Test
	void aWrongPasswordFailsStartUpWithAClearMessage() {
		this.fixture = new StarterFixture(etcd, CLUSTER);
		assertThatException()
			.isThrownBy(() -> this.fixture.start("a", "coord.fail-fast=true", "coord.etcd.username=" + USER,
					"coord.etcd.password=wrong-password"))
			.satisfies((ex) -> {
				FailureAnalysis analysis = new CoordStartupFailureAnalyzer().analyze(ex);
				assertThat(analysis.getDescription()).contains("etcd rejected the user name or password: ")
					.contains("authentication failed")
					.doesNotContain("wrong-password");
				assertThat(analysis.getAction())
					.isEqualTo("Check coord.etcd.username and coord.etcd.password against the etcd user.");
			});
	}

	@Test
	void aWrongPasswordWithoutFailFastLeavesHealthDown() {
		this.fixture = new StarterFixture(etcd, CLUSTER);
		ConfigurableApplicationContext a = this.fixture.start("a", "coord.etcd.username=" + USER,
				"coord.etcd.password=wrong-password");
		await().untilAsserted(() -> {
			Health health = a.getBean(CoordHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsKey("lastError");
			assertThat(health.toString()).doesNotContain("wrong-password");
		});
	}

	@Test
	void aClusterOutsideTheUsersPrefixFailsStartUpWithAClearMessage() {
		this.fixture = new StarterFixture(etcd, "payments");
		assertThatException()
			.isThrownBy(() -> this.fixture.start("a", "coord.fail-fast=true", "coord.etcd.username=" + USER,
					"coord.etcd.password=" + PASSWORD))
			.satisfies((ex) -> {
				FailureAnalysis analysis = new CoordStartupFailureAnalyzer().analyze(ex);
				assertThat(analysis.getDescription())
					.contains("the etcd user may not use the cluster's keys under '/coord/payments/'");
				assertThat(analysis.getAction()).contains("grant-permission").contains("/coord/payments/");
			});
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	private static void call(CompletableFuture<?> future) throws Exception {
		future.get(10, TimeUnit.SECONDS);
	}

}
