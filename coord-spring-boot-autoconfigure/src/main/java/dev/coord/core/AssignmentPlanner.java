package dev.coord.core;

import java.util.Collection;
import java.util.Map;

/**
 * Decides which worker runs each task (DESIGN.md §3, "Planning"): a pure, deterministic function of the tasks,
 * the workers and the current assignment.
 * <ul>
 * <li>Sticky: a valid assignment within its worker's fair share stays. A task assigned to several workers
 * stays on one of them; assignments to unknown workers are dropped.
 * <li>Complete: every task gets exactly one worker; orphans (no valid assignment) are placed every round,
 * whatever the cap on moves.
 * <li>Balanced: each worker's load is strictly within one largest task weight of its share,
 * {@code totalWeight * capacity / totalCapacity}; for tasks of equal weight, that is the floor or the ceiling
 * of the share.
 * <li>Frugal: for tasks of equal weight, the number of moves is exactly the fewest any balanced plan needs;
 * with mixed weights, a greedy keeps the balance bound and sheds the heaviest tasks first.
 * <li>Capped: with {@code maxMoves > 0}, at most that many moves between live workers per round, taken where
 * they help balance most, so that repeated rounds converge.
 * </ul>
 * Ties never depend on the order of the given collections: workers are ordered by id, and tasks by a mixed
 * hash of their id, so that the tasks a worker sheds are spread over the receivers whatever their names.
 * For 100 000 tasks and 1 000 workers a plan takes a few tens of milliseconds, in memory linear in the tasks.
 * Immutable and thread-safe.
 */
public final class AssignmentPlanner {

	private final int maxMoves;

	/**
	 * @param maxMoves the most moves between live workers in one plan, or 0 for no cap
	 */
	public AssignmentPlanner(int maxMoves) {
		if (maxMoves < 0) {
			throw new IllegalArgumentException("maxMoves is " + maxMoves + "; use 0 for no cap, or a positive cap");
		}
		this.maxMoves = maxMoves;
	}

	/**
	 * Plans one round.
	 * @param tasks the tasks, with distinct ids
	 * @param workers the workers (members that take tasks and are not draining), with distinct ids
	 * @param current each task's current workers; it may name unknown tasks and unknown workers, and a task may
	 * have none, one or several
	 * @return the target assignment and how many tasks it moves and places
	 */
	public Plan plan(Collection<PlannerTask> tasks, Collection<PlannerWorker> workers,
			Map<String, ? extends Collection<String>> current) {
		PlanningProblem problem = PlanningProblem.of(tasks, workers, current);
		if (problem.workerCount() == 0) {
			return new Plan(Map.of(), 0, 0);
		}
		int[] target = problem.uniform() ? UniformPlanner.plan(problem, this.maxMoves)
				: WeightedPlanner.plan(problem, this.maxMoves);
		return problem.toPlan(target);
	}

	/**
	 * A lower bound of the moves between live workers that any balanced plan of this input makes. Exact (and
	 * what an uncapped {@link #plan} makes) when all tasks weigh the same; with mixed weights, it counts only
	 * what single-holder tasks must shed.
	 * @param tasks the tasks, with distinct ids
	 * @param workers the workers, with distinct ids
	 * @param current each task's current workers
	 * @return the fewest moves, or 0 when there is no worker
	 */
	public static int minimumMoves(Collection<PlannerTask> tasks, Collection<PlannerWorker> workers,
			Map<String, ? extends Collection<String>> current) {
		PlanningProblem problem = PlanningProblem.of(tasks, workers, current);
		if (problem.workerCount() == 0) {
			return 0;
		}
		return problem.uniform() ? StickyQuotas.of(problem).shed() : WeightedPlanner.lowerBound(problem);
	}

}
