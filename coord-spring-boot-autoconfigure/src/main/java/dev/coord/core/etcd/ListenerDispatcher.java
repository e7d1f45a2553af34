package dev.coord.core.etcd;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import dev.coord.core.CoordListener;
import dev.coord.core.CoordObserver;
import dev.coord.core.CoordSettings;
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
 * What an event does to its lane's state is decided when it is taken off the queue, under the lock, so
 * that {@link #revokeAll} always sees whether an assigned listener has begun.
 */
final class ListenerDispatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ListenerDispatcher.class);

	private final CoordListener listener;

	private final CoordObserver observer;

	private final Duration revokeTimeout;

	private final ExecutorService lanesPool;

	/** Runs the revokes of {@link #revokeAll} all at once, whatever the size of the lanes' pool. */
	private final ExecutorService urgentPool;

	private final ExecutorService leadershipThread;

	private final Map<String, Lane> lanes = new HashMap<>();

	private long grantedEpoch;

	ListenerDispatcher(String memberId, int threads, Duration revokeTimeout, CoordListener listener,
			CoordObserver observer) {
		this.listener = listener;
		this.observer = observer;
		this.revokeTimeout = revokeTimeout;
		this.lanesPool = Executors.newFixedThreadPool(threads, named("coord-events-" + memberId + "-"));
		this.urgentPool = Executors.newCachedThreadPool(named("coord-revoke-" + memberId + "-"));
		this.leadershipThread = Executors.newSingleThreadExecutor(named("coord-leadership-" + memberId + "-"));
	}

	/**
	 * Queues the start of a task; it is dropped if the incarnation that claimed it is fenced before it
	 * starts. Returns false when that has already happened.
	 */
	synchronized boolean assign(Incarnation incarnation, String taskId, byte[] payload, long token, String memberId) {
		if (incarnation.fenced()) {
			return false;
		}
		Lane lane = this.lanes.computeIfAbsent(taskId, Lane::new);
		lane.logicallyActive = true;
		lane.token = token;
		lane.enqueue(() -> {
			if (incarnation.fenced()) {
				return null;
			}
			lane.delivered = true;
			return () -> {
				call(taskId, () -> this.listener.taskAssigned(taskId, payload, token, memberId));
				this.observer.taskAssigned();
			};
		}, this.lanesPool);
		return true;
	}

	synchronized void update(String taskId, byte[] payload, long token) {
		Lane lane = this.lanes.get(taskId);
		if (lane != null && lane.logicallyActive) {
			lane.enqueue(() -> lane.delivered ? () -> call(taskId, () -> this.listener.taskUpdated(taskId, payload, token))
					: null, this.lanesPool);
		}
	}

	/** Queues the stop of a task; the future completes when its revoked listener has returned. */
	synchronized CompletableFuture<Void> revoke(String taskId, RevokeReason reason, long token) {
		return revoke(taskId, reason, token, this.lanesPool);
	}

	private CompletableFuture<Void> revoke(String taskId, RevokeReason reason, long token, Executor executor) {
		Lane lane = this.lanes.get(taskId);
		if (lane == null || !lane.logicallyActive) {
			return CompletableFuture.completedFuture(null);
		}
		lane.logicallyActive = false;
		CompletableFuture<Void> done = new CompletableFuture<>();
		lane.queuedRevokes.add(done);
		lane.enqueue(() -> {
			lane.queuedRevokes.remove(done);
			if (!lane.delivered) {
				done.complete(null);
				return null;
			}
			lane.runningRevoke = done;
			lane.revokingSince = System.nanoTime();
			return () -> runRevoke(lane, reason, token, done);
		}, executor);
		return done;
	}

	/**
	 * Stops every task now, ahead of anything queued and all at once (fencing, shutdown): queued events
	 * are dropped, and each task whose assigned listener has begun gets its revoke next. Completes when
	 * every revoked listener has returned.
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
				stopped = revoke(lane.taskId, reason, lane.token, this.urgentPool);
			}
			lane.logicallyActive = false;
			stopped.whenComplete((ignored, failure) -> dropped.forEach((future) -> future.complete(null)));
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

	/** Tasks whose assigned listener has begun and whose revoked listener has not returned. */
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
							+ " the task is not released until it returns", lane.taskId, CoordSettings.readable(this.revokeTimeout));
				}
			}
		}
		stuck.sort(null);
		return stuck;
	}

	private void runRevoke(Lane lane, RevokeReason reason, long token, CompletableFuture<Void> done) {
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
			done.complete(null);
			this.observer.taskRevoked(reason);
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
		this.urgentPool.shutdown();
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

	/**
	 * An event of a lane: when taken off the queue (under the dispatcher's lock) it updates the lane and
	 * returns the work to run outside the lock, or null when there is nothing left to do.
	 */
	@FunctionalInterface
	private interface Event {

		@Nullable Runnable begin();

	}

	/** One task's events, run one at a time. Guarded by the dispatcher's lock. */
	private final class Lane {

		private final String taskId;

		private final ArrayDeque<Event> queue = new ArrayDeque<>();

		private final List<CompletableFuture<Void>> queuedRevokes = new ArrayList<>();

		/** A drain is scheduled or running. */
		private boolean scheduled;

		/** A drain is running: only one at a time, whichever executor it was scheduled on. */
		private boolean draining;

		private long token;

		/** The assigned listener has begun, and the revoked listener has not returned. */
		private boolean delivered;

		/** Whether the task is active once everything queued has run. */
		private boolean logicallyActive;

		private @Nullable CompletableFuture<Void> runningRevoke;

		private long revokingSince;

		private boolean overrunReported;

		Lane(String taskId) {
			this.taskId = taskId;
		}

		void enqueue(Event event, Executor executor) {
			this.queue.add(event);
			// An urgent revoke must not wait for a pool thread behind other lanes: it gets a drain of its own
			// unless this lane is draining already (then it runs right after the current listener).
			if (!this.scheduled || (executor != ListenerDispatcher.this.lanesPool && !this.draining)) {
				this.scheduled = true;
				executor.execute(this::drain);
			}
		}

		private void drain() {
			synchronized (ListenerDispatcher.this) {
				if (this.draining) {
					return;
				}
				this.draining = true;
			}
			while (true) {
				Runnable work;
				synchronized (ListenerDispatcher.this) {
					Event next = this.queue.poll();
					if (next == null) {
						this.draining = false;
						this.scheduled = false;
						if (!this.delivered && !this.logicallyActive) {
							ListenerDispatcher.this.lanes.remove(this.taskId, this);
						}
						return;
					}
					work = next.begin();
				}
				if (work != null) {
					try {
						work.run();
					}
					catch (RuntimeException ex) {
						logger.error("coord failed delivering an event of task '{}'", this.taskId, ex);
					}
				}
			}
		}

	}

}
