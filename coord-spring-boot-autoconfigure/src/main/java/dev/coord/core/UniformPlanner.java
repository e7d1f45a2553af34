package dev.coord.core;

import java.util.Arrays;

/**
 * Plans tasks of equal weight with the fewest moves: everything {@link StickyQuotas} keeps stays, and the rest
 * fills the workers below their quota.
 * <p>
 * Under a cap on moves, the shed tasks that do not move this round stay where they are, and the moves that
 * happen take from the workers furthest over their quota and give to those furthest under it; orphans are
 * placed all the same, deepest gap first. Every move takes a worker one task nearer its quota, so the lower
 * bound falls by the cap each round and repeated rounds reach balance.
 */
final class UniformPlanner {

	private static final int NONE = -1;

	private UniformPlanner() {
	}

	/** The worker of each task, for a problem with at least one worker; {@code maxMoves == 0} means no cap. */
	static int[] plan(PlanningProblem problem, int maxMoves) {
		StickyQuotas quotas = StickyQuotas.of(problem);
		int[] target = quotas.kept();
		int[] quota = quotas.quota();
		int workers = problem.workerCount();
		int[] load = new int[workers];
		int[] surplus = new int[workers];
		int orphans = 0;
		for (int t = 0; t < target.length; t++) {
			if (target[t] != NONE) {
				load[target[t]]++;
			}
			else if (problem.holders(t).length > 0) {
				// Were it not to move, a shed task would stay on its first holder, beyond that worker's quota.
				surplus[problem.holders(t)[0]]++;
			}
			else {
				orphans++;
			}
		}
		int[] shedStart = new int[workers + 1];
		for (int w = 0; w < workers; w++) {
			shedStart[w + 1] = shedStart[w] + surplus[w];
		}
		int shed = shedStart[workers];
		int[] shedTasks = new int[shed];
		int[] filled = new int[workers];
		int[] pool = new int[orphans + shed];
		int pooled = 0;
		for (int t = 0; t < target.length; t++) {
			if (target[t] == NONE) {
				int[] holders = problem.holders(t);
				if (holders.length > 0) {
					shedTasks[shedStart[holders[0]] + filled[holders[0]]++] = t;
				}
				else {
					pool[pooled++] = t;
				}
			}
		}
		int moving = (maxMoves == 0) ? shed : Math.min(shed, maxMoves);
		int[] taken = new int[workers];
		for (int donor : levelOrder(surplus, moving)) {
			pool[pooled++] = shedTasks[shedStart[donor] + taken[donor]++];
		}
		for (int w = 0; w < workers; w++) {
			for (int i = shedStart[w] + taken[w]; i < shedStart[w + 1]; i++) {
				target[shedTasks[i]] = w;
				load[w]++;
			}
		}
		int[] gaps = new int[workers];
		for (int w = 0; w < workers; w++) {
			gaps[w] = Math.max(0, quota[w] - load[w]);
		}
		int[] receivers = levelOrder(gaps, pooled);
		for (int i = 0; i < pooled; i++) {
			target[pool[i]] = receivers[i];
		}
		return target;
	}

	/**
	 * Up to {@code limit} worker indexes, each as many times as its count, largest counts first and levelled:
	 * a worker with 5 comes once before anyone with 4 comes, then with them, round by round. Filling gaps in
	 * this order is water-filling; taking surplus in it drains the fullest first. Ties go by worker index.
	 */
	static int[] levelOrder(int[] counts, int limit) {
		long[] keys = new long[counts.length];
		int positive = 0;
		for (int w = 0; w < counts.length; w++) {
			if (counts[w] > 0) {
				keys[positive++] = ((long) (Integer.MAX_VALUE - counts[w]) << 32) | w;
			}
		}
		Arrays.sort(keys, 0, positive);
		int[] order = new int[limit];
		int emitted = 0;
		int prefix = 0;
		int top = (positive > 0) ? counts[(int) keys[0]] : 0;
		for (int level = top; level > 0 && emitted < limit; level--) {
			while (prefix < positive && counts[(int) keys[prefix]] >= level) {
				prefix++;
			}
			for (int i = 0; i < prefix && emitted < limit; i++) {
				order[emitted++] = (int) keys[i];
			}
		}
		if (emitted < limit) {
			throw new IllegalStateException("Only " + emitted + " of " + limit + " slots");
		}
		return order;
	}

}
