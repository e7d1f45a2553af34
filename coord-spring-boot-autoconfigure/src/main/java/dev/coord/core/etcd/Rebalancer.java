package dev.coord.core.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.coord.core.AssignmentPlanner;
import dev.coord.core.CoordObserver;
import dev.coord.core.PlannerTask;
import dev.coord.core.PlannerWorker;
import dev.coord.core.Plan;
import dev.coord.core.etcd.AssignmentWriter.Changes;
import dev.coord.core.etcd.AssignmentWriter.Outcome;
import dev.coord.core.etcd.AssignmentWriter.Result;
import dev.coord.core.etcd.KeyspaceView.AssignmentEntry;
import dev.coord.core.etcd.KeyspaceView.MemberEntry;
import dev.coord.core.etcd.KeyspaceView.TaskEntry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's work: plans from the view and writes the plan (DESIGN.md §3 "Planning"). Plans only from a
 * view that has caught up with the epoch and with the leader's own last write, so it never plans twice
 * from the same stale picture. Placements and repairs are written at once; moves between live members
 * wait for {@code rebalance.debounce}, so a burst of joins costs one round. Loop thread only.
 */
final class Rebalancer {

	private static final Logger logger = LoggerFactory.getLogger(Rebalancer.class);

	private final AssignmentPlanner planner;

	private final AssignmentWriter writer;

	private final CoordObserver observer;

	private final ScheduledExecutorService loop;

	private final Duration debounce;

	private final Runnable reconcileAgain;

	private final Runnable relist;

	private long writtenRevision;

	private @Nullable ScheduledFuture<?> debounced;

	private boolean debounceElapsed;

	Rebalancer(AssignmentPlanner planner, AssignmentWriter writer, CoordObserver observer,
			ScheduledExecutorService loop, Duration debounce, Runnable reconcileAgain, Runnable relist) {
		this.planner = planner;
		this.writer = writer;
		this.observer = observer;
		this.loop = loop;
		this.debounce = debounce;
		this.reconcileAgain = reconcileAgain;
		this.relist = relist;
	}

	/** Plans if the view allows, and writes what is due. Returns false when deposed. */
	boolean onChange(KeyspaceView view, long epoch) {
		if (view.revision() < Math.max(epoch, this.writtenRevision)) {
			return true;
		}
		Outcome repaired = this.writer.deleteUnleasedOwners(epoch, view);
		if (repaired.result() == Result.DEPOSED) {
			return false;
		}
		if (repaired.revision() != 0) {
			this.writtenRevision = repaired.revision();
			return true;
		}
		long started = System.nanoTime();
		Plan plan = plan(view);
		Changes changes = this.writer.diff(view, plan.target());
		if (changes.isEmpty()) {
			cancelDebounce();
			return true;
		}
		if (!changes.urgent() && !this.debounceElapsed) {
			if (this.debounced == null) {
				this.debounced = this.loop.schedule(this::debounceElapsed, this.debounce.toMillis(),
						TimeUnit.MILLISECONDS);
			}
			return true;
		}
		cancelDebounce();
		Outcome outcome = this.writer.write(epoch, changes);
		switch (outcome.result()) {
			case WRITTEN -> {
				this.writtenRevision = outcome.revision();
				this.observer.rebalanced(Duration.ofNanos(System.nanoTime() - started), plan.moves(),
						plan.placements());
				logger.debug("Rebalanced: {} moves, {} placements, {} changes", plan.moves(), plan.placements(),
						changes.all().size());
			}
			case DEPOSED -> {
				return false;
			}
			case CONFLICT, UNKNOWN -> this.relist.run();
		}
		return true;
	}

	/** Forgets the last leadership's state. */
	void reset() {
		cancelDebounce();
		this.writtenRevision = 0;
	}

	private void debounceElapsed() {
		this.debounced = null;
		this.debounceElapsed = true;
		this.reconcileAgain.run();
	}

	private void cancelDebounce() {
		if (this.debounced != null) {
			this.debounced.cancel(false);
			this.debounced = null;
		}
		this.debounceElapsed = false;
	}

	private Plan plan(KeyspaceView view) {
		List<PlannerTask> tasks = new ArrayList<>(view.tasks().size());
		for (TaskEntry task : view.tasks().values()) {
			tasks.add(new PlannerTask(task.id(), 1));
		}
		List<PlannerWorker> workers = new ArrayList<>();
		for (MemberEntry member : view.members().values()) {
			if (member.assignable()) {
				workers.add(new PlannerWorker(member.id(), member.value().capacity()));
			}
		}
		Map<String, List<String>> current = new HashMap<>();
		for (AssignmentEntry entry : view.assignments()) {
			TaskEntry task = (entry.taskId() != null) ? view.tasks().get(entry.taskId()) : null;
			if (task != null && entry.value() != null && entry.value().taskRevision() == task.createRevision()) {
				current.computeIfAbsent(task.id(), (id) -> new ArrayList<>(1)).add(entry.memberId());
			}
		}
		return this.planner.plan(tasks, workers, current);
	}

}
