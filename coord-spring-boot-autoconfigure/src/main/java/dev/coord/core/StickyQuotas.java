package dev.coord.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * For tasks of equal weight: each worker's quota (the floor or the ceiling of its share, summing to the task
 * count) and which current assignments stay, chosen so that as many stay as in any balanced plan. Every task
 * that does not stay then moves or is placed, so the number of tasks with a holder that do not stay is the
 * exact lower bound of moves.
 * <p>
 * Keeping the most is a maximum flow (task, then one of its holders, then the worker's floor, or one
 * rounded-up unit out of the pool of {@code tasks - sum(floors)}). A task with one holder has no choice, so it is
 * kept greedily; the rare task with several holders is placed by augmenting paths, which may shift other
 * multi-holder tasks between their holders or pass a rounded-up unit from one worker to another. Tasks enter in
 * a fixed order, and by the matroid property of flows that order cannot lower the count.
 */
final class StickyQuotas {

	private static final int NONE = -1;

	private final PlanningProblem problem;

	private final int[] floor;

	private final boolean[] fractional;

	/** {@code tasks * capacity mod totalCapacity}: of a task's holders that could round up, the nearest to it does. */
	private final long[] remainder;

	private final int extras;

	private int extrasUsed;

	private final int[] kept;

	private final int[] target;

	/** Per worker, the multi-holder tasks kept there: the only kept tasks an augmenting path can shift. */
	private final List<Set<Integer>> keptShared;

	private final int extraNode;

	private final int[] seen;

	private int epoch = 1;

	private final int[] parentNode;

	private final int[] parentTask;

	private final int[] queue;

	private final int[] quota;

	private StickyQuotas(PlanningProblem problem) {
		this.problem = problem;
		int workers = problem.workerCount();
		long tasks = problem.taskCount();
		long totalCapacity = problem.totalCapacity();
		this.floor = new int[workers];
		this.fractional = new boolean[workers];
		this.remainder = new long[workers];
		long floors = 0;
		for (int w = 0; w < workers; w++) {
			long scaled = tasks * problem.capacity(w);
			this.floor[w] = (int) (scaled / totalCapacity);
			this.remainder[w] = scaled % totalCapacity;
			this.fractional[w] = this.remainder[w] != 0;
			floors += this.floor[w];
		}
		this.extras = (int) (tasks - floors);
		this.kept = new int[workers];
		this.target = new int[problem.taskCount()];
		Arrays.fill(this.target, NONE);
		this.keptShared = new ArrayList<>(workers);
		for (int w = 0; w < workers; w++) {
			this.keptShared.add(new LinkedHashSet<>());
		}
		this.extraNode = workers;
		this.seen = new int[workers + 1];
		this.parentNode = new int[workers + 1];
		this.parentTask = new int[workers + 1];
		this.queue = new int[workers + 1];
		keepSingleHolderTasks();
		keepMultiHolderTasks();
		this.quota = roundUpLeftoverQuotas();
	}

	/** Quotas and kept tasks for a problem whose tasks all weigh the same and that has at least one worker. */
	static StickyQuotas of(PlanningProblem problem) {
		return new StickyQuotas(problem);
	}

	/** Each worker's quota: the floor or the ceiling of its share; they sum to the task count. */
	int[] quota() {
		return this.quota.clone();
	}

	/** Per task, the worker it stays on, or -1 when it has to be placed or moved. */
	int[] kept() {
		return this.target.clone();
	}

	/** How many tasks have a holder but do not stay: the fewest moves of any balanced plan. */
	int shed() {
		int shed = 0;
		for (int t = 0; t < this.target.length; t++) {
			if (this.target[t] == NONE && this.problem.holders(t).length > 0) {
				shed++;
			}
		}
		return shed;
	}

	private void keepSingleHolderTasks() {
		int workers = this.problem.workerCount();
		int[] firstBeyondFloor = new int[workers];
		Arrays.fill(firstBeyondFloor, NONE);
		int[] holdings = new int[workers];
		for (int t = 0; t < this.target.length; t++) {
			int[] holders = this.problem.holders(t);
			for (int holder : holders) {
				holdings[holder]++;
			}
			if (holders.length == 1) {
				int holder = holders[0];
				if (this.kept[holder] < this.floor[holder]) {
					keep(t, holder);
				}
				else if (firstBeyondFloor[holder] == NONE) {
					firstBeyondFloor[holder] = t;
				}
			}
		}
		// Any fractional worker beyond its floor keeps one more task per rounded-up unit; which of them get the
		// units cannot change the count, so prefer those that hold the most, as the design asks.
		IntStream.range(0, workers)
			.filter((w) -> this.fractional[w] && firstBeyondFloor[w] != NONE)
			.boxed()
			.sorted(Comparator.<Integer>comparingInt((w) -> -holdings[w]).thenComparingInt((w) -> w))
			.limit(this.extras)
			.forEach((w) -> keep(firstBeyondFloor[w], w));
	}

	private void keepMultiHolderTasks() {
		for (int t = 0; t < this.target.length; t++) {
			if (this.problem.holders(t).length > 1 && !keepDirectly(t)) {
				keepByAugmentingPath(t);
			}
		}
	}

	/** Keeps the task on the holder with the most room below its floor, else on one that can round up. */
	private boolean keepDirectly(int task) {
		int best = NONE;
		for (int holder : this.problem.holders(task)) {
			int room = this.floor[holder] - this.kept[holder];
			if (room > 0 && (best == NONE || room > this.floor[best] - this.kept[best])) {
				best = holder;
			}
		}
		if (best == NONE && this.extrasUsed < this.extras) {
			for (int holder : this.problem.holders(task)) {
				if (this.fractional[holder] && this.kept[holder] == this.floor[holder]
						&& (best == NONE || this.remainder[holder] > this.remainder[best])) {
					best = holder;
				}
			}
		}
		if (best == NONE) {
			return false;
		}
		keep(task, best);
		this.epoch++;
		return true;
	}

	/**
	 * Breadth-first search for an augmenting path from the task to a worker with room. Nodes are workers and the
	 * pool of rounded-up units; marks are only cleared after a success, because a failed search leaves the graph
	 * as it was, so what it reached still leads nowhere (Kuhn's trick, which keeps repeated failures linear).
	 */
	private void keepByAugmentingPath(int task) {
		int head = 0;
		int tail = 0;
		for (int holder : this.problem.holders(task)) {
			if (this.seen[holder] != this.epoch) {
				this.seen[holder] = this.epoch;
				this.parentNode[holder] = NONE;
				this.parentTask[holder] = task;
				this.queue[tail++] = holder;
			}
		}
		while (head < tail) {
			int node = this.queue[head++];
			if (node == this.extraNode) {
				// Take a rounded-up unit from a worker that uses one, if that worker can pass on a task.
				for (int w = 0; w < this.extraNode; w++) {
					if (this.kept[w] == this.floor[w] + 1 && this.seen[w] != this.epoch) {
						this.seen[w] = this.epoch;
						this.parentNode[w] = this.extraNode;
						this.parentTask[w] = NONE;
						this.queue[tail++] = w;
					}
				}
				continue;
			}
			if (hasRoom(node)) {
				applyPath(node);
				this.epoch++;
				return;
			}
			if (this.fractional[node] && this.kept[node] == this.floor[node] && this.seen[this.extraNode] != this.epoch) {
				this.seen[this.extraNode] = this.epoch;
				this.parentNode[this.extraNode] = node;
				this.queue[tail++] = this.extraNode;
			}
			for (int shared : this.keptShared.get(node)) {
				for (int holder : this.problem.holders(shared)) {
					if (this.seen[holder] != this.epoch) {
						this.seen[holder] = this.epoch;
						this.parentNode[holder] = node;
						this.parentTask[holder] = shared;
						this.queue[tail++] = holder;
					}
				}
			}
		}
	}

	private boolean hasRoom(int worker) {
		return this.kept[worker] < this.floor[worker] || (this.fractional[worker]
				&& this.kept[worker] == this.floor[worker] && this.extrasUsed < this.extras);
	}

	/** Walks back from the worker with room: each node sheds first, then takes the task that led to it. */
	private void applyPath(int end) {
		for (int node = end; node != NONE; node = this.parentNode[node]) {
			if (node == this.extraNode) {
				continue;
			}
			int task = this.parentTask[node];
			if (task != NONE) {
				if (this.target[task] != NONE) {
					release(task, this.target[task]);
				}
				keep(task, node);
			}
		}
	}

	private void keep(int task, int worker) {
		this.target[task] = worker;
		this.kept[worker]++;
		if (this.kept[worker] == this.floor[worker] + 1) {
			this.extrasUsed++;
		}
		if (this.problem.holders(task).length > 1) {
			this.keptShared.get(worker).add(task);
		}
	}

	private void release(int task, int worker) {
		if (this.kept[worker] == this.floor[worker] + 1) {
			this.extrasUsed--;
		}
		this.kept[worker]--;
		this.target[task] = NONE;
		this.keptShared.get(worker).remove(task);
	}

	/**
	 * Workers keeping a rounded-up unit have it. The units left go to the workers furthest below their share
	 * (then by id), so that moved and placed tasks fill the emptiest workers first, such as one that just joined.
	 */
	private int[] roundUpLeftoverQuotas() {
		int workers = this.problem.workerCount();
		long tasks = this.problem.taskCount();
		long totalCapacity = this.problem.totalCapacity();
		int[] quota = new int[workers];
		for (int w = 0; w < workers; w++) {
			quota[w] = Math.max(this.floor[w], this.kept[w]);
		}
		IntStream.range(0, workers)
			.filter((w) -> this.fractional[w] && quota[w] == this.floor[w])
			.boxed()
			.sorted(Comparator
				.<Integer>comparingLong((w) -> this.kept[w] * totalCapacity - tasks * this.problem.capacity(w))
				.thenComparingInt((w) -> w))
			.limit(this.extras - this.extrasUsed)
			.forEach((w) -> quota[w]++);
		return quota;
	}

}
