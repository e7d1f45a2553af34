package dev.coord.benchmarks.etcd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/** Durations, in nanoseconds, and their percentiles (nearest rank). Thread-safe. */
public final class Latencies {

	private final List<Long> nanos = new ArrayList<>();

	public synchronized void add(long nanos) {
		this.nanos.add(nanos);
	}

	public synchronized int count() {
		return this.nanos.size();
	}

	public synchronized void forEach(LongConsumer consumer) {
		this.nanos.forEach(consumer::accept);
	}

	public synchronized void clear() {
		this.nanos.clear();
	}

	/** The p-th percentile in milliseconds (nearest rank), or NaN when empty. */
	public synchronized double percentileMillis(double p) {
		if (this.nanos.isEmpty()) {
			return Double.NaN;
		}
		List<Long> sorted = new ArrayList<>(this.nanos);
		Collections.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
	}

	public double p50() {
		return percentileMillis(50);
	}

	public double p99() {
		return percentileMillis(99);
	}

	public double max() {
		return percentileMillis(100);
	}

	public synchronized double meanMillis() {
		return this.nanos.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1e6;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", count(), p50(), p99(), max());
	}

}
