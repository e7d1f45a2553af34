package dev.coord.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.RevokeReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoordMetricsTests {

	private final AtomicInteger reads = new AtomicInteger();

	private final CoordMetrics metrics = new CoordMetrics("orders", () -> {
		this.reads.incrementAndGet();
		return snapshot();
	});

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void countsWhatTheEngineReports() {
		this.metrics.bindTo(this.registry);
		this.metrics.taskAssigned();
		this.metrics.taskAssigned();
		this.metrics.taskRevoked(RevokeReason.REASSIGNED);
		this.metrics.taskRevoked(RevokeReason.LEASE_LOST);
		this.metrics.taskRevoked(RevokeReason.LEASE_LOST);
		this.metrics.leaseLost();
		this.metrics.listenerFailed("t", new IllegalStateException());
		this.metrics.etcdFailed(new IllegalStateException());
		this.metrics.revokeOverran("t");
		this.metrics.invalidKeySkipped("/coord/orders/tasks/\u0001");
		this.metrics.rebalanced(Duration.ofMillis(40), 3, 2);
		this.metrics.handedOff(Duration.ofMillis(15));
		assertThat(counter("coord.assignments")).isEqualTo(2);
		assertThat(this.registry.get("coord.revocations").tags("cluster", "orders", "reason", "LEASE_LOST").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("coord.revocations").tag("reason", "REASSIGNED").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("coord.revocations").tag("reason", "SHUTDOWN").counter().count()).isZero();
		assertThat(counter("coord.lease.losses")).isEqualTo(1);
		assertThat(counter("coord.listener.errors")).isEqualTo(1);
		assertThat(counter("coord.etcd.errors")).isEqualTo(1);
		assertThat(counter("coord.revoke.overruns")).isEqualTo(1);
		assertThat(counter("coord.keys.invalid")).isEqualTo(1);
		assertThat(this.registry.get("coord.rebalance").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
		assertThat(this.registry.get("coord.rebalance.moves").summary().totalAmount()).isEqualTo(3);
		assertThat(this.registry.get("coord.rebalance.placements").summary().totalAmount()).isEqualTo(2);
		assertThat(this.registry.get("coord.handoff").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(15);
	}

	@Test
	void gaugesReadOneSnapshotForAllGaugesReadTogether() {
		this.metrics.bindTo(this.registry);
		assertThat(this.registry.get("coord.members").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("coord.tasks").gauge().value()).isEqualTo(3);
		assertThat(this.registry.get("coord.tasks.owned").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("coord.leader").gauge().value()).isZero();
		assertThat(this.reads).hasValue(1);
	}

	@Test
	void gaugesAreNotANumberWhileTheEngineCannotTell() {
		CoordMetrics failing = new CoordMetrics("orders", () -> {
			throw new IllegalStateException("not started");
		});
		failing.bindTo(this.registry);
		assertThat(this.registry.get("coord.members").gauge().value()).isNaN();
	}

	@Test
	void reportsNothingBeforeItIsBound() {
		this.metrics.taskAssigned();
		this.metrics.bindTo(this.registry);
		assertThat(counter("coord.assignments")).isZero();
	}

	@Test
	void tagsEveryMeterWithTheCluster() {
		this.metrics.bindTo(this.registry);
		assertThat(this.registry.getMeters()).isNotEmpty()
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("cluster")).isEqualTo("orders"))
			.allSatisfy((meter) -> assertThat(meter.getId().getName()).startsWith("coord."));
	}

	private double counter(String name) {
		return this.registry.get(name).tag("cluster", "orders").counter().count();
	}

	private static ClusterSnapshot snapshot() {
		return new ClusterSnapshot("m1", "m2", false, 9,
				List.of(new ClusterSnapshot.Member("m1", "h", 1, 1, Map.of(), "ACTIVE", Instant.EPOCH, "0.1.0")),
				Map.of("m1", List.of("a", "b")), List.of("c"), List.of(), 3, List.of("a", "b"));
	}

}
