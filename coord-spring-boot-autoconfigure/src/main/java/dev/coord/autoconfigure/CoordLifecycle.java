package dev.coord.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.coord.core.CoordEngine;
import dev.coord.core.EngineStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the engine once the context (and its web server) has started, and stops it, gracefully, before
 * the web server's graceful shutdown: the member drains and releases its tasks while the application can
 * still finish them.
 * <p>
 * Without {@code coord.fail-fast} start-up never waits for etcd: the engine joins in the background, and
 * a warning says so when it has not joined within {@code coord.etcd.connect-timeout}. With it, start-up
 * waits that long and fails with what is wrong.
 */
final class CoordLifecycle implements SmartLifecycle {

	/**
	 * Starts after the web server ({@code Integer.MAX_VALUE - 2048}) and stops before its graceful
	 * shutdown ({@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE}, {@code Integer.MAX_VALUE -
	 * 1024}): phases start in ascending and stop in descending order.
	 */
	static final int PHASE = Integer.MAX_VALUE - 512;

	private static final Log logger = LogFactory.getLog(CoordLifecycle.class);

	private static final String DEFAULT_ACTION = "Check etcd's health and coord.etcd.*, raise "
			+ "coord.etcd.connect-timeout, or set coord.fail-fast=false to start without etcd and join when it comes.";

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private final CoordEngine engine;

	private final String description;

	private final boolean failFast;

	private final Duration joinTimeout;

	private final Supplier<@Nullable EtcdProblem> problems;

	private final Object monitor = new Object();

	private volatile boolean running;

	private boolean stopped;

	/**
	 * @param engine the engine to start and stop
	 * @param description names the cluster and endpoints in messages
	 * @param failFast whether start-up fails when the member cannot join within the timeout
	 * @param joinTimeout how long joining may take before a failure (fail-fast) or a warning
	 * @param problems tells what keeps the member from etcd, or null when etcd answers
	 */
	CoordLifecycle(CoordEngine engine, String description, boolean failFast, Duration joinTimeout,
			Supplier<@Nullable EtcdProblem> problems) {
		this.engine = engine;
		this.description = description;
		this.failFast = failFast;
		this.joinTimeout = joinTimeout;
		this.problems = problems;
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			if (this.stopped) {
				throw new IllegalStateException("coord cannot join again after it left the cluster: its member "
						+ "lease is revoked. Refresh a new application context instead of restarting this one.");
			}
			this.engine.start();
			this.running = true;
		}
		if (this.failFast) {
			awaitJoined();
		}
		else {
			Executor oneShot = (task) -> new Thread(task, "coord-join-check").start();
			CompletableFuture
				.runAsync(this::warnIfNotJoined, CompletableFuture.delayedExecutor(this.joinTimeout.toMillis(),
						TimeUnit.MILLISECONDS, oneShot));
		}
	}

	private void awaitJoined() {
		long deadline = System.nanoTime() + this.joinTimeout.toNanos();
		while (!joined()) {
			// STOPPED before joining: the engine gave up by itself (e.g. a duplicate member id).
			boolean gaveUp = this.engine.status().phase() == EngineStatus.Phase.STOPPED;
			if (gaveUp || System.nanoTime() - deadline > 0) {
				EtcdProblem problem = gaveUp ? null : this.problems.get();
				String reason = reason(problem);
				String action = (problem != null) ? problem.action() : DEFAULT_ACTION;
				this.engine.close();
				synchronized (this.monitor) {
					this.running = false;
					this.stopped = true;
				}
				String within = gaveUp ? ""
						: " within " + DurationText.of(this.joinTimeout) + " (coord.etcd.connect-timeout)";
				throw new CoordStartupException("coord could not join " + this.description + within + ": " + reason,
						action);
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
	}

	private void warnIfNotJoined() {
		if (this.running && !joined()) {
			logger.warn("coord has not joined " + this.description + " yet: " + reason(this.problems.get())
					+ ". The application runs without it: the 'coord' health indicator is DOWN, and coord keeps "
					+ "trying in the background.");
		}
	}

	private boolean joined() {
		return this.engine.status().phase() == EngineStatus.Phase.ACTIVE;
	}

	private String reason(@Nullable EtcdProblem problem) {
		if (problem != null) {
			return problem.description();
		}
		EngineStatus status = this.engine.status();
		return "the member is " + status.phase() + ((status.lastError() != null) ? ": " + status.lastError() : "");
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.stopped = true;
		}
		this.engine.close();
	}

	/** Leaves on a thread of its own, so that other beans of this phase stop meanwhile. */
	@Override
	public void stop(Runnable callback) {
		synchronized (this.monitor) {
			if (!this.running) {
				callback.run();
				return;
			}
			this.running = false;
			this.stopped = true;
		}
		new Thread(() -> {
			try {
				this.engine.close();
			}
			catch (RuntimeException ex) {
				logger.warn("coord did not leave " + this.description + " cleanly", ex);
			}
			finally {
				callback.run();
			}
		}, "coord-shutdown").start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Pausing the context leaves coord running: once stopped, a member cannot join again. */
	@Override
	public boolean isPauseable() {
		return false;
	}

}
