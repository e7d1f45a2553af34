package dev.coord.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.CoordEngine;
import dev.coord.core.EngineStatus;
import dev.coord.core.EngineStatus.Phase;

/**
 * An engine that needs no etcd, for tests of the Spring side: its status and snapshot are what the test
 * sets.
 */
class FakeEngine implements CoordEngine {

	final AtomicInteger starts = new AtomicInteger();

	final AtomicInteger closes = new AtomicInteger();

	volatile Phase phaseOnStart = Phase.ACTIVE;

	volatile EngineStatus status = status(Phase.NEW);

	volatile ClusterSnapshot snapshot = snapshot("m1");

	@Override
	public void start() {
		this.starts.incrementAndGet();
		this.status = status(this.phaseOnStart);
	}

	@Override
	public EngineStatus status() {
		return this.status;
	}

	@Override
	public ClusterSnapshot snapshot() {
		return this.snapshot;
	}

	@Override
	public void close() {
		this.closes.incrementAndGet();
		this.status = status(Phase.STOPPED);
	}

	static EngineStatus status(Phase phase) {
		return new EngineStatus(phase, (phase == Phase.ACTIVE) ? Duration.ofMillis(120) : null, List.of(), null);
	}

	/** m1 leads and owns a, b; m2 owns c; d is unassigned; e is on its way from m2 to m1. */
	static ClusterSnapshot snapshot(String memberId) {
		Instant started = Instant.parse("2026-01-01T00:00:00Z");
		List<ClusterSnapshot.Member> members = List.of(
				new ClusterSnapshot.Member("m1", "host-1", 11, 1, Map.of("zone", "a"), "ACTIVE", started, "0.1.0"),
				new ClusterSnapshot.Member("m2", "host-2", 22, 2, Map.of(), "ACTIVE", started, "0.1.0"));
		return new ClusterSnapshot(memberId, "m1", memberId.equals("m1"), 42, members,
				Map.of("m1", List.of("a", "b"), "m2", List.of("c", "e")), List.of("d"),
				List.of(new ClusterSnapshot.Handoff("e", "m1", "m2")), 5, List.of("a", "b"));
	}

}
