package dev.coord.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Plans tasks of different weights greedily, within the balance bound: a worker's load stays strictly within
 * one largest task weight of its share. Exact arithmetic: a worker's excess is
 * {@code load * totalCapacity - totalWeight * capacity}, and the tolerance is {@code maxWeight * totalCapacity}.
 * <ol>
 * <li>Every valid assignment stays; a task with several holders stays on the one with the least excess.
 * <li>A worker at or over the tolerance sheds its heaviest tasks until it is under it (fewest tasks), the
 * fullest worker first. It never sheds below its share.
 * <li>Orphans and shed tasks, heaviest first, go each to the worker with the least excess, which is below its
 * share, so no one ends at or over the tolerance.
 * <li>A worker still a tolerance under its share takes tasks from the fullest worker, preferring tasks placed
 * this round (they cost no further move), heaviest first.
 * </ol>
 * Each shed or repair lowers the sum of squared excesses, so rounds under a cap on moves converge to balance.
 */
final class WeightedPlanner {

	private static final int NONE = -1;

	private final PlanningProblem problem;

	private final long scale;

	private final long tolerance;

	private final long[] excess;

	private final int[] target;

	/** Per worker, its kept tasks by weight (heaviest first), from {@code nextKept[w]} to {@code keptEnd[w]}. */
	private final int[] keptTasks;

	private final int[] nextKept;

	private final int[] keptEnd;

	/** Per worker, tasks placed or moved there this round. */
	private final List<List<Integer>> placed;

	private int budget;

	private WeightedPlanner(PlanningProblem problem, int maxMoves) {
		this.problem = problem;
		int workers = problem.workerCount();
		this.scale = problem.totalCapacity();
		this.tolerance = problem.maxWeight() * this.scale;
		this.excess = new long[workers];
		for (int w = 0; w < workers; w++) {
			this.excess[w] = -problem.totalWeight() * problem.capacity(w);
		}
		this.target = new int[problem.taskCount()];
		Arrays.fill(this.target, NONE);
		this.keptTasks = new int[problem.taskCount()];
		this.nextKept = new int[workers];
		this.keptEnd = new int[workers];
		this.placed = new ArrayList<>(workers);
		for (int w = 0; w < workers; w++) {
			this.placed.add(new ArrayList<>());
		}
		this.budget = (maxMoves == 0) ? Integer.MAX_VALUE : maxMoves;
	}

	/** The worker of each task, for a problem with at least one worker; {@code maxMoves == 0} means no cap. */
	static int[] plan(PlanningProblem problem, int maxMoves) {
		WeightedPlanner planner = new WeightedPlanner(problem, maxMoves);
		planner.stayOnHolders();
		List<Integer> pool = planner.shedOverloaded();
		planner.place(pool);
		planner.repairDeficits();
		return planner.target;
	}

	/**
	 * A lower bound of moves for any balanced plan: a worker's single-holder tasks that stay weigh less than
	 * its share plus the tolerance, so it loses at least as many of them as shedding the heaviest first takes.
	 */
	static int lowerBound(PlanningProblem problem) {
		long scale = problem.totalCapacity();
		long tolerance = problem.maxWeight() * scale;
		List<List<Integer>> singles = new ArrayList<>();
		long[] excess = new long[problem.workerCount()];
		for (int w = 0; w < problem.workerCount(); w++) {
			singles.add(new ArrayList<>());
			excess[w] = -problem.totalWeight() * problem.capacity(w);
		}
		for (int t = 0; t < problem.taskCount(); t++) {
			if (problem.holders(t).length == 1) {
				singles.get(problem.holders(t)[0]).add(problem.weight(t));
				excess[problem.holders(t)[0]] += problem.weight(t) * scale;
			}
		}
		int moves = 0;
		for (int w = 0; w < problem.workerCount(); w++) {
			List<Integer> weights = singles.get(w);
			weights.sort(Comparator.reverseOrder());
			for (int i = 0; excess[w] >= tolerance; i++) {
				excess[w] -= weights.get(i) * scale;
				moves++;
			}
		}
		return moves;
	}

	private void stayOnHolders() {
		int workers = this.problem.workerCount();
		int[] count = new int[workers];
		for (int t = 0; t < this.target.length; t++) {
			int[] holders = this.problem.holders(t);
			if (holders.length == 1) {
				assign(t, holders[0]);
				count[holders[0]]++;
			}
		}
		for (int t = 0; t < this.target.length; t++) {
			int[] holders = this.problem.holders(t);
			if (holders.length > 1) {
				int best = holders[0];
				for (int holder : holders) {
					if (this.excess[holder] < this.excess[best]) {
						best = holder;
					}
				}
				assign(t, best);
				count[best]++;
			}
		}
		for (int w = 0, start = 0; w < workers; start += count[w], w++) {
			this.nextKept[w] = start;
			this.keptEnd[w] = start;
		}
		long[] keys = new long[this.target.length];
		for (int t = 0; t < this.target.length; t++) {
			if (this.target[t] != NONE) {
				keys[this.keptEnd[this.target[t]]++] = heaviestFirst(t);
			}
		}
		for (int w = 0; w < workers; w++) {
			Arrays.sort(keys, this.nextKept[w], this.keptEnd[w]);
			for (int i = this.nextKept[w]; i < this.keptEnd[w]; i++) {
				this.keptTasks[i] = (int) keys[i];
			}
		}
	}

	private List<Integer> shedOverloaded() {
		List<Integer> pool = new ArrayList<>();
		for (int t = 0; t < this.target.length; t++) {
			if (this.target[t] == NONE) {
				pool.add(t);
			}
		}
		PriorityQueue<Integer> fullest = new PriorityQueue<>(
				Comparator.<Integer>comparingLong((w) -> -this.excess[w]).thenComparingInt((w) -> w));
		for (int w = 0; w < this.excess.length; w++) {
			if (this.excess[w] >= this.tolerance) {
				fullest.add(w);
			}
		}
		while (this.budget > 0 && !fullest.isEmpty()) {
			int worker = fullest.poll();
			int task = this.keptTasks[this.nextKept[worker]++];
			unassign(task, worker);
			pool.add(task);
			this.budget--;
			if (this.excess[worker] >= this.tolerance) {
				fullest.add(worker);
			}
		}
		return pool;
	}

	private void place(List<Integer> pool) {
		long[] keys = pool.stream().mapToLong(this::heaviestFirst).sorted().toArray();
		PriorityQueue<Integer> emptiest = new PriorityQueue<>(
				Comparator.<Integer>comparingLong((w) -> this.excess[w]).thenComparingInt((w) -> w));
		for (int w = 0; w < this.excess.length; w++) {
			emptiest.add(w);
		}
		for (long key : keys) {
			int task = (int) key;
			int worker = emptiest.poll();
			assign(task, worker);
			this.placed.get(worker).add(task);
			emptiest.add(worker);
		}
	}

	private void repairDeficits() {
		while (true) {
			int receiver = 0;
			for (int w = 1; w < this.excess.length; w++) {
				if (this.excess[w] < this.excess[receiver]) {
					receiver = w;
				}
			}
			if (this.excess[receiver] > -this.tolerance) {
				return;
			}
			int donor = NONE;
			for (int w = 0; w < this.excess.length; w++) {
				boolean canGive = !this.placed.get(w).isEmpty()
						|| (this.budget > 0 && this.nextKept[w] < this.keptEnd[w]);
				if (canGive && this.excess[w] > 0 && (donor == NONE || this.excess[w] > this.excess[donor])) {
					donor = w;
				}
			}
			if (donor == NONE) {
				return;
			}
			int task = takeHeaviest(donor);
			assign(task, receiver);
			this.placed.get(receiver).add(task);
		}
	}

	/** Removes the donor's heaviest task placed this round, else (one more move) its heaviest kept task. */
	private int takeHeaviest(int donor) {
		List<Integer> candidates = this.placed.get(donor);
		int task;
		if (candidates.isEmpty()) {
			task = this.keptTasks[this.nextKept[donor]++];
			this.budget--;
		}
		else {
			int best = 0;
			for (int i = 1; i < candidates.size(); i++) {
				if (heaviestFirst(candidates.get(i)) < heaviestFirst(candidates.get(best))) {
					best = i;
				}
			}
			task = candidates.remove(best);
		}
		unassign(task, donor);
		return task;
	}

	/** A sort key: heavier tasks first, then by rank; its low half is the task. */
	private long heaviestFirst(int task) {
		return ((long) (Integer.MAX_VALUE - this.problem.weight(task)) << 32) | task;
	}

	private void assign(int task, int worker) {
		this.target[task] = worker;
		this.excess[worker] += this.problem.weight(task) * this.scale;
	}

	private void unassign(int task, int worker) {
		this.target[task] = NONE;
		this.excess[worker] -= this.problem.weight(task) * this.scale;
	}

}
