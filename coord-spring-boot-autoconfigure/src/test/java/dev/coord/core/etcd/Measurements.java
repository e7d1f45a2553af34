package dev.coord.core.etcd;

import java.time.Duration;
import java.util.List;

/**
 * Prints what a test measured, one line each, prefixed {@code MEASURED}, so that
 * {@code grep MEASURED} over the test output gives the figures of the closing notes. Never asserted on.
 */
final class Measurements {

	private Measurements() {
	}

	static void report(String what, Duration duration) {
		System.out.printf("MEASURED %s: %d ms%n", what, duration.toMillis());
	}

	static void report(String what, long count) {
		System.out.printf("MEASURED %s: %d%n", what, count);
	}

	static void reportGaps(String what, List<Duration> gaps) {
		List<Long> micros = gaps.stream().map((gap) -> gap.toNanos() / 1000).sorted().toList();
		if (micros.isEmpty()) {
			return;
		}
		System.out.printf("MEASURED %s over %d moves: p50 %.1f ms, max %.1f ms%n", what, micros.size(),
				micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
	}

}
