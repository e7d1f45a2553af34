package dev.coord.core.etcd;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.coord.core.AssignmentPlanner;
import dev.coord.core.ClusterSnapshot;
import dev.coord.core.CoordEngine;
import dev.coord.core.CoordListener;
import dev.coord.core.CoordObserver;
import dev.coord.core.CoordSettings;
import dev.coord.core.EngineStatus;
import dev.coord.core.EngineStatus.Phase;
import dev.coord.core.Keyspace;
import dev.coord.core.RevokeReason;
import dev.coord.core.etcd.Etcd.EtcdUnavailableException;
import dev.coord.core.etcd.KeyspaceView.MemberEntry;
import dev.coord.core.etcd.Membership.DuplicateMemberException;
import dev.coord.core.etcd.Membership.Joined;
import dev.coord.core.etcd.Records.MemberValue;
import io.etcd.jetcd.Client;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine on etcd: wires membership, the view, the election, the planner and the worker together.
 * <p>
 * Threads: all state lives on one <em>loop</em> thread, fed by jetcd callbacks that only hand over to
 * it. Lease renewal and self-fencing run on a <em>lease</em> thread of their own, so a busy loop or a
 * hung etcd call can never delay fencing. Joining and re-joining (which wait) run on a <em>membership</em>
 * thread. Listeners run on the {@link ListenerDispatcher}'s threads. The jetcd {@link Client} belongs to
 * the caller: the engine never closes it.
 */
public final class EtcdCoordEngine implements CoordEngine {

	private static final Logger logger = LoggerFactory.getLogger(EtcdCoordEngine.class);

	private static final Duration MAX_JOIN_BACKOFF = Duration.ofSeconds(5);

	private final CoordSettings settings;

	private final CoordObserver observer;

	private final Etcd etcd;

	private final ScheduledExecutorService loop;

	private final ScheduledExecutorService leaseThread;

	private final ScheduledExecutorService membershipThread;

	private final KeyspaceView view;

	private final KeyspaceWatcher watcher;

	private final ListenerDispatcher dispatcher;

	private final Membership membership;

	private final Leadership leadership;

	private final Rebalancer rebalancer;

	private final TaskWorker worker;

	private final SnapshotBuilder snapshots;

	private final CompletableFuture<Void> drained = new CompletableFuture<>();

	private final AtomicBoolean reconcileQueued = new AtomicBoolean();

	private volatile Phase phase = Phase.NEW;

	private volatile @Nullable Incarnation incarnation;

	private volatile @Nullable LeaseKeeper leaseKeeper;

	private volatile @Nullable String lastError;

	private volatile boolean draining;

	private volatile boolean closed;

	/** The incarnation the loop's state belongs to. Loop thread only. */
	private @Nullable Incarnation reconciled;

	private volatile ClusterSnapshot lastSnapshot;

	private Duration joinBackoff = Duration.ofMillis(200);

	public EtcdCoordEngine(Client client, CoordSettings settings, CoordListener listener, CoordObserver observer) {
		this.settings = settings;
		this.observer = observer;
		String id = settings.memberId();
		Keyspace keyspace = new Keyspace(settings.prefix());
		Etcd etcd = new Etcd(client, settings.requestTimeout(), observer);
		this.etcd = etcd;
		this.loop = Executors.newSingleThreadScheduledExecutor(ListenerDispatcher.named("coord-loop-" + id + "-"));
		this.leaseThread = Executors.newSingleThreadScheduledExecutor(ListenerDispatcher.named("coord-lease-" + id + "-"));
		this.membershipThread = Executors
			.newSingleThreadScheduledExecutor(ListenerDispatcher.named("coord-membership-" + id + "-"));
		this.view = new KeyspaceView(keyspace, settings.maxPayload(), observer);
		this.watcher = new KeyspaceWatcher(etcd, settings.prefix(), this.loop, this.view, this::reconcileSoon,
				settings.rebalanceInterval());
		this.dispatcher = new ListenerDispatcher(id, settings.listenerThreads(), settings.revokeTimeout(), listener,
				observer);
		this.membership = new Membership(etcd, keyspace, settings, memberValue(settings));
		this.leadership = new Leadership(etcd, keyspace, id, settings.leaderEligible(), this.dispatcher);
		this.rebalancer = new Rebalancer(new AssignmentPlanner(settings.maxMoves()),
				new AssignmentWriter(etcd, keyspace, settings.maxTxnOps()), observer, this.loop,
				settings.rebalanceDebounce(), this::reconcileSoon, this.watcher::relistSoon);
		this.worker = new TaskWorker(etcd, keyspace, id, this.dispatcher, observer, this.loop, this::reconcileSoon,
				settings.maxTxnOps());
		this.snapshots = new SnapshotBuilder(id, this.view);
		this.lastSnapshot = this.snapshots.empty();
	}

	@Override
	public void start() {
		synchronized (this) {
			if (this.phase != Phase.NEW) {
				return;
			}
			this.phase = Phase.JOINING;
		}
		this.watcher.start();
		this.membershipThread.execute(this::join);
	}

	@Override
	public EngineStatus status() {
		LeaseKeeper keeper = this.leaseKeeper;
		return new EngineStatus(this.phase, (keeper != null) ? keeper.sinceLastRenewal() : null,
				this.dispatcher.overrunningRevocations(), this.lastError);
	}

	@Override
	public ClusterSnapshot snapshot() {
		try {
			this.lastSnapshot = this.loop
				.submit(() -> this.snapshots.build(this.leadership.leading(), this.dispatcher.activeTasks()))
				.get(1, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException | RejectedExecutionException ex) {
			// The loop is busy with a slow etcd call, or stopped: the last picture will do.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.lastSnapshot;
	}

	private void join() {
		if (this.draining) {
			return;
		}
		try {
			Joined joined = this.membership.join();
			Incarnation joinedIncarnation = joined.incarnation();
			LeaseKeeper keeper = new LeaseKeeper(this.etcd, joinedIncarnation.leaseId(), joined.provenAliveAt(),
					this.settings.renewDeadline(), this.leaseThread, (reason) -> fence(joinedIncarnation, reason));
			this.leaseKeeper = keeper;
			keeper.start();
			this.incarnation = joinedIncarnation;
			this.lastError = null;
			this.joinBackoff = Duration.ofMillis(200);
			if (!this.draining) {
				this.phase = Phase.ACTIVE;
			}
			logger.info("Member {} joined cluster {} with lease {}", this.settings.memberId(), this.settings.prefix(),
					Records.hex(joinedIncarnation.leaseId()));
			reconcileSoon();
		}
		catch (DuplicateMemberException ex) {
			logger.error(ex.getMessage());
			this.lastError = ex.getMessage();
			this.phase = Phase.STOPPED;
		}
		catch (EtcdUnavailableException ex) {
			this.lastError = ex.getMessage();
			logger.warn("Member {} cannot join yet, trying again in {}: {}", this.settings.memberId(), CoordSettings.readable(this.joinBackoff),
					ex.getMessage());
			this.membershipThread.schedule(this::join, this.joinBackoff.toMillis(), TimeUnit.MILLISECONDS);
			this.joinBackoff = min(this.joinBackoff.multipliedBy(2), MAX_JOIN_BACKOFF);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Reconciles once the loop has applied what it has queued: a burst of watch responses costs one
	 * reconcile, not one each.
	 */
	private void reconcileSoon() {
		if (this.reconcileQueued.compareAndSet(false, true)) {
			try {
				this.loop.execute(() -> {
					this.reconcileQueued.set(false);
					reconcile();
				});
			}
			catch (RejectedExecutionException ex) {
				// The engine has stopped.
			}
		}
	}

	/** Acts on the view: runs on the loop after every change. */
	private void reconcile() {
		Incarnation current = this.incarnation;
		if (current == null || current.fenced()) {
			return;
		}
		if (current != this.reconciled) {
			// A new life: whatever the loop knew of the last one is void (its lease took its keys along).
			this.worker.reset();
			this.leadership.stepDown("lease lost");
			this.rebalancer.reset();
			this.reconciled = current;
		}
		MemberEntry me = this.view.members().get(this.settings.memberId());
		if (this.view.revision() >= current.registeredRevision() && (me == null || me.lease() != current.leaseId())) {
			this.leaseThread.execute(() -> fence(current, "members/" + this.settings.memberId()
					+ " was deleted or registered on another lease"));
			return;
		}
		this.leadership.reconcile(this.view, current, this.draining);
		if (this.leadership.leading()) {
			if (!this.rebalancer.onChange(this.view, this.leadership.epoch(), this.leadership.fence(this.view))) {
				this.leadership.stepDown("another member leads now");
			}
		}
		if (!this.leadership.leading()) {
			this.rebalancer.reset();
		}
		this.worker.reconcile(this.view, current, this.draining);
		if (this.draining && (this.worker.idle() || !otherWorkerAlive())) {
			this.drained.complete(null);
		}
	}

	private boolean otherWorkerAlive() {
		return this.view.members()
			.values()
			.stream()
			.anyMatch((member) -> member.assignable() && !member.id().equals(this.settings.memberId()));
	}

	/** Self-fencing (DESIGN.md §3): on the lease thread, so that nothing on the loop can delay it. */
	private void fence(Incarnation fenced, String reason) {
		if (!fenced.fence()) {
			return;
		}
		if (!this.draining) {
			this.phase = Phase.FENCED;
		}
		this.lastError = reason;
		this.observer.leaseLost();
		logger.warn("Member {} fenced itself: {}. Revoking its tasks and joining again with a new lease.",
				this.settings.memberId(), reason);
		LeaseKeeper keeper = this.leaseKeeper;
		if (keeper != null) {
			keeper.close();
		}
		this.dispatcher.leadershipRevoked();
		CompletableFuture<Void> stopped = this.dispatcher.revokeAll(RevokeReason.LEASE_LOST);
		await(stopped, this.settings.revokeTimeout());
		this.membershipThread.execute(() -> {
			// Never revoke the lease while a revoked listener still runs: its owner keys would go first.
			stopped.join();
			while (!this.membership.revoke(fenced.leaseId()) && !this.draining) {
				sleepQuietly(Duration.ofMillis(500));
			}
			join();
		});
	}

	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.draining = true;
			this.phase = Phase.DRAINING;
		}
		long deadline = System.nanoTime() + this.settings.drainTimeout()
			.plus(this.settings.revokeTimeout())
			.plus(this.settings.requestTimeout().multipliedBy(3))
			.toNanos();
		try {
			onLoop(this::beginDrain, deadline);
			await(this.drained, this.settings.drainTimeout());
			onLoop(() -> {
				Incarnation current = this.incarnation;
				if (current != null) {
					this.worker.revokeAll(current);
				}
			}, deadline);
			await(allRevoked(), remaining(deadline));
			// Whatever the loop could not stop in time is stopped from here, all at once.
			await(this.dispatcher.revokeAll(RevokeReason.SHUTDOWN), remaining(deadline));
			onLoop(this.watcher::close, deadline);
			Incarnation current = this.incarnation;
			LeaseKeeper keeper = this.leaseKeeper;
			if (keeper != null) {
				keeper.close();
			}
			if (current != null && !current.fenced()) {
				// Never revoke the lease under a revoked listener that still runs: its owner keys would go first.
				boolean stopped = this.dispatcher.activeTasks().isEmpty();
				if (!stopped) {
					logger.warn("Member {} leaves with revoked listeners still running for {}; its lease is left to "
							+ "expire rather than revoked", this.settings.memberId(), this.dispatcher.activeTasks());
				}
				this.membership.leave(current, stopped);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Member {} could not leave cleanly ({}); its lease expires by itself",
					this.settings.memberId(), ex.getMessage());
		}
		finally {
			this.phase = Phase.STOPPED;
			this.loop.shutdownNow();
			this.leaseThread.shutdownNow();
			this.membershipThread.shutdownNow();
			this.dispatcher.close();
			logger.info("Member {} left cluster {}", this.settings.memberId(), this.settings.prefix());
		}
	}

	/**
	 * Stops every thread at once, touching nothing in etcd: what a killed process does. For tests of crash
	 * recovery only.
	 */
	void crash() {
		this.closed = true;
		this.draining = true;
		this.phase = Phase.STOPPED;
		LeaseKeeper keeper = this.leaseKeeper;
		if (keeper != null) {
			keeper.close();
		}
		this.loop.shutdownNow();
		this.leaseThread.shutdownNow();
		this.membershipThread.shutdownNow();
		this.dispatcher.close();
	}

	private void beginDrain() {
		this.leadership.resign();
		this.rebalancer.reset();
		Incarnation current = this.incarnation;
		if (current == null || current.fenced()) {
			this.drained.complete(null);
			return;
		}
		try {
			this.membership.markDraining(current);
		}
		catch (EtcdUnavailableException ex) {
			// Nobody can move the tasks without etcd: stop them here.
			this.drained.complete(null);
			return;
		}
		reconcile();
	}

	private CompletableFuture<Void> allRevoked() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		Runnable check = new Runnable() {
			@Override
			public void run() {
				if (EtcdCoordEngine.this.worker.idle() && EtcdCoordEngine.this.dispatcher.activeTasks().isEmpty()) {
					done.complete(null);
				}
				else if (!done.isDone()) {
					EtcdCoordEngine.this.loop.schedule(this, 20, TimeUnit.MILLISECONDS);
				}
			}
		};
		this.loop.execute(check);
		return done;
	}

	private void onLoop(Runnable step, long deadline) {
		await(CompletableFuture.runAsync(step, this.loop), remaining(deadline));
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	private static void await(CompletableFuture<?> future, Duration timeout) {
		try {
			future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.debug("Gave up waiting after {}", timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static MemberValue memberValue(CoordSettings settings) {
		String version = EtcdCoordEngine.class.getPackage().getImplementationVersion();
		return new MemberValue(settings.memberId(), hostName(), ProcessHandle.current().pid(),
				settings.assignable() ? settings.capacity() : 0, settings.labels(), MemberValue.ACTIVE,
				System.currentTimeMillis(), (version != null) ? version : "dev");
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

}
