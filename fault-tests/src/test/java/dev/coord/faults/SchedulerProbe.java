package dev.coord.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how late this JVM's threads wake up: a thread that parks for 10 ms at a time and records by how
 * much each wake-up overshoots. On an idle machine that is well under a millisecond; when the CPUs are
 * shared by more runnable threads than they can run, it grows, and so does every hop of a handoff
 * (listener thread, engine loop, etcd client thread). The report prints it next to the graceful handoff
 * times, so that a reader can tell a slow engine from a busy machine.
 */
final class SchedulerProbe implements AutoCloseable {

	private static final long PERIOD = Duration.ofMillis(10).toNanos();

	private final List<Long> lateness = new ArrayList<>();

	private final Thread thread;

	private volatile boolean stopped;

	SchedulerProbe() {
		this.thread = new Thread(this::run, "fault-scheduler-probe");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		while (!this.stopped) {
			long before = System.nanoTime();
			LockSupport.parkNanos(PERIOD);
			long late = System.nanoTime() - before - PERIOD;
			synchronized (this.lateness) {
				this.lateness.add(Math.max(0, late));
			}
		}
	}

	/** Percentiles of the wake-up lateness so far, in milliseconds. */
	double[] percentiles(double... quantiles) {
		List<Long> sorted;
		synchronized (this.lateness) {
			sorted = this.lateness.stream().sorted().toList();
		}
		double[] values = new double[quantiles.length];
		for (int i = 0; i < quantiles.length; i++) {
			values[i] = sorted.isEmpty() ? 0
					: sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantiles[i] * sorted.size()) - 1)) / 1e6;
		}
		return values;
	}

	@Override
	public void close() {
		this.stopped = true;
	}

}
