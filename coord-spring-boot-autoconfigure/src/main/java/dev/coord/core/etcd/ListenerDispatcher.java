package dev.coord.core.etcd;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import dev.coord.core.CoordListener;
import dev.coord.core.CoordObserver;
import dev.coord.core.RevokeReason;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the engine's decisions to the {@link CoordListener}, never on a jetcd or loop thread. Each
 * task has a lane: its events run one at a time, in order, and alternate assigned, (updated...), revoked.
 * Lanes of different tasks run concurrently on {@code worker.listener-threads} threads, so one slow
 * listener holds up only its own task. Leadership events have a thread of their own.
 * <p>
 * A task is <em>active</em> from the start of its assigned listener to the end of its revoked listener;
 * the future that {@link #revoke} returns completes only then, and only then may the task be released.
 */
final class ListenerDispatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ListenerDispatcher.class);

	private final CoordListener listener;

	private final CoordObserver observer;

	private final Duration revokeTimeout;

	private final ExecutorService lanesPool;

	private final ExecutorService leadershipThread;

	private final Map<String, Lane> lanes = new HashMap<>();

	private long grantedEpoch;

	ListenerDispatcher(String memberId, int threads, Duration revokeTimeout, CoordListener listener,
			CoordObserver observer) {
		this.listener = listener;
		this.observer = observer;
		this.revokeTimeout = revokeTimeout;
		this.lanesPool = Executors.newFixedThreadPool(threads, named("coord-events-" + memberId + "-"));
		this.leadershipThread = Executors.newSingleThreadExecutor(named("coord-leadership-" + memberId + "-"));
	}

	/**
	 * Queues the start of a task, unless the incarnation that claimed it has been fenced meanwhile.
	 * Returns whether it was queued.
	 */
	synchronized boolean assign(Incarnation incarnation, String taskId, byte[] payload, long token, String memberId) {
		if (incarnation.fenced()) {
			return false;
		}
		Lane lane = this.lanes.computeIfAbsent(taskId, Lane::new);
		lane.logicallyActive = true;
		lane.token = token;
		lane.enqueue(() -> {
			synchronized (this) {
				lane.delivered = true;
			}
			call(taskId, () -> this.listener.taskAssigned(taskId, payload, token, memberId));
			this.observer.taskAssigned();
		});
		return true;
	}

	synchronized void update(String taskId, byte[] payload, long token) {
		Lane lane = this.lanes.get(taskId);
		if (lane != null && lane.logicallyActive) {
			lane.enqueue(() -> call(taskId, () -> this.listener.taskUpdated(taskId, payload, token)));
		}
	}

	/** Queues the stop of a task; the future completes when its revoked listener has returned. */
	synchronized CompletableFuture<Void> revoke(String taskId, RevokeReason reason, long token) {
		Lane lane = this.lanes.get(taskId);
		if (lane == null || !lane.logicallyActive) {
			return CompletableFuture.completedFuture(null);
		}
		lane.logicallyActive = false;
		CompletableFuture<Void> done = new CompletableFuture<>();
		lane.queuedRevokes.add(done);
		lane.enqueue(() -> runRevoke(lane, reason, token, done));
		return done;
	}

	/**
	 * Stops every task now, ahead of anything queued (fencing): queued events are dropped, and each task
	 * whose assigned listener has started gets its revoke next. Completes when all have returned.
	 */
	synchronized CompletableFuture<Void> revokeAll(RevokeReason reason) {
		List<CompletableFuture<Void>> all = new ArrayList<>();
		for (Lane lane : List.copyOf(this.lanes.values())) {
			lane.queue.clear();
			List<CompletableFuture<Void>> dropped = new ArrayList<>(lane.queuedRevokes);
			lane.queuedRevokes.clear();
			CompletableFuture<Void> stopped;
			if (lane.runningRevoke != null) {
				stopped = lane.runningRevoke;
			}
			else {
				lane.logicallyActive = lane.delivered;
				stopped = revoke(lane.taskId, reason, lane.token);
			}
			lane.logicallyActive = false;
			stopped.thenRun(() -> dropped.forEach((future) -> future.complete(null)));
			all.add(stopped);
		}
		return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
	}

	synchronized void leadershipGranted(long epoch) {
		if (this.grantedEpoch == 0) {
			this.grantedEpoch = epoch;
			this.leadershipThread.execute(() -> call("leadership", () -> this.listener.leadershipGranted(epoch)));
		}
	}

	synchronized void leadershipRevoked() {
		if (this.grantedEpoch != 0) {
			long epoch = this.grantedEpoch;
			this.grantedEpoch = 0;
			this.leadershipThread.execute(() -> call("leadership", () -> this.listener.leadershipRevoked(epoch)));
		}
	}

	/** Tasks whose assigned listener started and whose revoked listener has not returned. */
	synchronized List<String> activeTasks() {
		return this.lanes.values().stream().filter((lane) -> lane.delivered).map((lane) -> lane.taskId).sorted().toList();
	}

	/** Tasks whose revoked listener has run longer than {@code member.revoke-timeout}. */
	synchronized List<String> overrunningRevocations() {
		long now = System.nanoTime();
		List<String> stuck = new ArrayList<>();
		for (Lane lane : this.lanes.values()) {
			if (lane.revokingSince != 0 && now - lane.revokingSince > this.revokeTimeout.toNanos()) {
				stuck.add(lane.taskId);
				if (!lane.overrunReported) {
					lane.overrunReported = true;
					this.observer.revokeOverran(lane.taskId);
					logger.warn("The revoked listener of task '{}' has run longer than {} (coord.member.revoke-timeout);"
							+ " the task is not released until it returns", lane.taskId, this.revokeTimeout);
				}
			}
		}
		stuck.sort(null);
		return stuck;
	}

	private void runRevoke(Lane lane, RevokeReason reason, long token, CompletableFuture<Void> done) {
		synchronized (this) {
			lane.queuedRevokes.remove(done);
			lane.runningRevoke = done;
			lane.revokingSince = System.nanoTime();
		}
		try {
			call(lane.taskId, () -> this.listener.taskRevoked(lane.taskId, reason, token));
		}
		finally {
			synchronized (this) {
				lane.delivered = false;
				lane.runningRevoke = null;
				lane.revokingSince = 0;
				lane.overrunReported = false;
			}
			this.observer.taskRevoked(reason);
			done.complete(null);
		}
	}

	private void call(String taskId, Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException | Error ex) {
			logger.error("A coord listener failed for '{}'; coord carries on", taskId, ex);
			this.observer.listenerFailed(taskId, ex);
		}
	}

	@Override
	public void close() {
		this.lanesPool.shutdown();
		this.leadershipThread.shutdown();
	}

	static ThreadFactory named(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** One task's events, run one at a time. Guarded by the dispatcher's lock. */
	private final class Lane {

		private final String taskId;

		private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

		private boolean running;

		private long token;

		/** Assigned listener started, revoked listener not yet returned. */
		private boolean delivered;

		/** Whether the task is active once everything queued has run. */
		private boolean logicallyActive;

		private final List<CompletableFuture<Void>> queuedRevokes = new ArrayList<>();

		private @Nullable CompletableFuture<Void> runningRevoke;

		private long revokingSince;

		private boolean overrunReported;

		Lane(String taskId) {
			this.taskId = taskId;
		}

		void enqueue(Runnable event) {
			this.queue.add(event);
			if (!this.running) {
				this.running = true;
				ListenerDispatcher.this.lanesPool.execute(this::drain);
			}
		}

		private void drain() {
			while (true) {
				Runnable next;
				synchronized (ListenerDispatcher.this) {
					next = this.queue.poll();
					if (next == null) {
						this.running = false;
						if (!this.delivered && !this.logicallyActive) {
							ListenerDispatcher.this.lanes.remove(this.taskId, this);
						}
						return;
					}
				}
				next.run();
			}
		}

	}

}
