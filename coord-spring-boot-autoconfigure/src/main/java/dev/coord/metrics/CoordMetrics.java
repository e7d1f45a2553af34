package dev.coord.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.CoordObserver;
import dev.coord.core.RevokeReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * coord's meters, all tagged with {@code cluster}. Counters and timers are fed by the engine through
 * {@link CoordObserver}; gauges read the engine's snapshot, taken at most once a second however many
 * gauges are read.
 */
public class CoordMetrics implements MeterBinder, CoordObserver {

	private static final long SNAPSHOT_MAX_AGE_NANOS = Duration.ofSeconds(1).toNanos();

	private final Tags tags;

	private final Supplier<ClusterSnapshot> snapshots;

	private final List<Meters> bound = new CopyOnWriteArrayList<>();

	private volatile @Nullable TimedSnapshot last;

	/**
	 * Creates the binder.
	 * @param cluster the cluster's name, the {@code cluster} tag of every meter
	 * @param snapshots reads the engine's current snapshot
	 */
	public CoordMetrics(String cluster, Supplier<ClusterSnapshot> snapshots) {
		this.tags = Tags.of("cluster", cluster);
		this.snapshots = snapshots;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "coord.members", "Members registered in the cluster", (s) -> s.members().size());
		gauge(registry, "coord.tasks", "Valid task definitions in the cluster", ClusterSnapshot::taskCount);
		gauge(registry, "coord.tasks.owned", "Tasks this member runs now", (s) -> s.localTasks().size());
		gauge(registry, "coord.tasks.unassigned", "Tasks assigned to no member", (s) -> s.unassigned().size());
		gauge(registry, "coord.handoffs.pending", "Tasks assigned to a member that has not claimed them yet",
				(s) -> s.pendingHandoffs().size());
		gauge(registry, "coord.leader", "1 while this member is the coordinator, else 0", (s) -> s.leader() ? 1 : 0);
		this.bound.add(new Meters(registry, this.tags));
	}

	private void gauge(MeterRegistry registry, String name, String description,
			ToDoubleFunction<ClusterSnapshot> value) {
		Gauge.builder(name, this, (metrics) -> metrics.read(value))
			.description(description)
			.tags(this.tags)
			.strongReference(true)
			.register(registry);
	}

	private double read(ToDoubleFunction<ClusterSnapshot> value) {
		ClusterSnapshot snapshot = snapshot();
		return (snapshot != null) ? value.applyAsDouble(snapshot) : Double.NaN;
	}

	private @Nullable ClusterSnapshot snapshot() {
		TimedSnapshot last = this.last;
		long now = System.nanoTime();
		if (last != null && now - last.takenAt() < SNAPSHOT_MAX_AGE_NANOS) {
			return last.snapshot();
		}
		try {
			ClusterSnapshot snapshot = this.snapshots.get();
			this.last = new TimedSnapshot(snapshot, now);
			return snapshot;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@Override
	public void rebalanced(Duration duration, int moves, int placements) {
		each((meters) -> {
			meters.rebalance.record(duration);
			meters.moves.record(moves);
			meters.placements.record(placements);
		});
	}

	@Override
	public void handedOff(Duration sinceAssignment) {
		each((meters) -> meters.handoff.record(sinceAssignment));
	}

	@Override
	public void taskAssigned() {
		each((meters) -> meters.assignments.increment());
	}

	@Override
	public void taskRevoked(RevokeReason reason) {
		each((meters) -> meters.revocations.get(reason).increment());
	}

	@Override
	public void revokeOverran(String taskId) {
		each((meters) -> meters.revokeOverruns.increment());
	}

	@Override
	public void leaseLost() {
		each((meters) -> meters.leaseLosses.increment());
	}

	@Override
	public void listenerFailed(String taskId, Throwable failure) {
		each((meters) -> meters.listenerErrors.increment());
	}

	@Override
	public void etcdFailed(Throwable failure) {
		each((meters) -> meters.etcdErrors.increment());
	}

	@Override
	public void invalidKeySkipped(String key) {
		each((meters) -> meters.invalidKeys.increment());
	}

	private void each(Consumer<Meters> update) {
		for (Meters meters : this.bound) {
			update.accept(meters);
		}
	}

	private record TimedSnapshot(ClusterSnapshot snapshot, long takenAt) {
	}

	/** The event-fed meters of one registry. */
	private static final class Meters {

		private final Timer rebalance;

		private final DistributionSummary moves;

		private final DistributionSummary placements;

		private final Timer handoff;

		private final Counter assignments;

		private final Map<RevokeReason, Counter> revocations = new EnumMap<>(RevokeReason.class);

		private final Counter revokeOverruns;

		private final Counter leaseLosses;

		private final Counter listenerErrors;

		private final Counter etcdErrors;

		private final Counter invalidKeys;

		Meters(MeterRegistry registry, Tags tags) {
			this.rebalance = Timer.builder("coord.rebalance")
				.description("Time the coordinator took to plan and write a rebalance")
				.tags(tags)
				.register(registry);
			this.moves = DistributionSummary.builder("coord.rebalance.moves")
				.description("Tasks moved between live members per rebalance")
				.tags(tags)
				.register(registry);
			this.placements = DistributionSummary.builder("coord.rebalance.placements")
				.description("New or orphaned tasks placed per rebalance")
				.tags(tags)
				.register(registry);
			this.handoff = Timer.builder("coord.handoff")
				.description("Time from an assignment to this member being written to this member claiming the task")
				.tags(tags)
				.register(registry);
			this.assignments = counter(registry, tags, "coord.assignments", "Tasks this member started owning");
			for (RevokeReason reason : RevokeReason.values()) {
				this.revocations.put(reason, Counter.builder("coord.revocations")
					.description("Tasks this member stopped owning, by reason")
					.tags(tags.and("reason", reason.name()))
					.register(registry));
			}
			this.revokeOverruns = counter(registry, tags, "coord.revoke.overruns",
					"Revoked listeners that overran coord.member.revoke-timeout");
			this.leaseLosses = counter(registry, tags, "coord.lease.losses",
					"Times this member fenced itself because it could not prove its lease alive");
			this.listenerErrors = counter(registry, tags, "coord.listener.errors", "Event listeners that threw");
			this.etcdErrors = counter(registry, tags, "coord.etcd.errors", "Failed calls to etcd");
			this.invalidKeys = counter(registry, tags, "coord.keys.invalid", "Malformed keys skipped or repaired");
		}

		private static Counter counter(MeterRegistry registry, Tags tags, String name, String description) {
			return Counter.builder(name).description(description).tags(tags).register(registry);
		}

	}

}
