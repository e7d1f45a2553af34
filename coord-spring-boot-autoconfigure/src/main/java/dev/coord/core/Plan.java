package dev.coord.core;

import java.util.Collections;
import java.util.Map;

/**
 * What the {@link AssignmentPlanner} decided for one round.
 *
 * @param target the worker of every task (every task exactly once), or empty when there is no worker
 * @param moves how many tasks leave a live worker they were validly assigned to for another one
 * @param placements how many tasks had no live worker and now have one
 */
public record Plan(Map<String, String> target, int moves, int placements) {

	public Plan {
		// A view, not Map.copyOf: the planner hands over a HashMap it no longer touches, which looks up a
		// million ids in a fraction of the time of an immutable copy (BENCHMARKS.md, TargetMapBenchmark).
		target = Collections.unmodifiableMap(target);
	}

}
