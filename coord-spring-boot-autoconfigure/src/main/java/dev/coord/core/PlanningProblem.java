package dev.coord.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The planner's input turned into arrays: tasks by rank, workers by id, and each task's valid holders (the
 * known workers it is assigned to now).
 * <p>
 * A task's rank orders it by a mixed hash of its id (ties by id), not by the id itself: a worker that has to
 * shed tasks sheds its highest ranks, so the shed tasks are a fair sample of its tasks whatever their names, and
 * the order depends only on the ids, never on the order of the caller's collections.
 */
final class PlanningProblem {

	private static final int[] NO_HOLDER = {};

	private final String[] taskIds;

	private final int[] weights;

	private final String[] workerIds;

	private final int[] capacities;

	private final int[][] holders;

	private final long totalWeight;

	private final long totalCapacity;

	private final int maxWeight;

	private final boolean uniform;

	private PlanningProblem(String[] taskIds, int[] weights, String[] workerIds, int[] capacities, int[][] holders) {
		this.taskIds = taskIds;
		this.weights = weights;
		this.workerIds = workerIds;
		this.capacities = capacities;
		this.holders = holders;
		this.totalWeight = Arrays.stream(weights).asLongStream().sum();
		this.totalCapacity = Arrays.stream(capacities).asLongStream().sum();
		this.maxWeight = Arrays.stream(weights).max().orElse(1);
		this.uniform = Arrays.stream(weights).allMatch((weight) -> weight == this.maxWeight);
		try {
			// Shares are compared as totalWeight * capacity against load * totalCapacity, exactly.
			Math.multiplyExact(Math.addExact(this.totalWeight, this.maxWeight), Math.max(1, this.totalCapacity));
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException("Total task weight times total worker capacity is too large", ex);
		}
	}

	static PlanningProblem of(Collection<PlannerTask> tasks, Collection<PlannerWorker> workers,
			Map<String, ? extends Collection<String>> current) {
		PlannerWorker[] sortedWorkers = workers.toArray(PlannerWorker[]::new);
		Arrays.sort(sortedWorkers, (a, b) -> a.id().compareTo(b.id()));
		String[] workerIds = new String[sortedWorkers.length];
		int[] capacities = new int[sortedWorkers.length];
		Map<String, Integer> workerIndex = new HashMap<>(sortedWorkers.length * 2);
		int[][] singleHolders = new int[sortedWorkers.length][];
		for (int w = 0; w < sortedWorkers.length; w++) {
			workerIds[w] = sortedWorkers[w].id();
			capacities[w] = sortedWorkers[w].capacity();
			if (workerIndex.put(workerIds[w], w) != null) {
				throw new IllegalArgumentException("Duplicate worker id '" + workerIds[w] + "'");
			}
			singleHolders[w] = new int[] { w };
		}
		PlannerTask[] ranked = rank(tasks);
		String[] taskIds = new String[ranked.length];
		int[] weights = new int[ranked.length];
		int[][] holders = new int[ranked.length][];
		for (int t = 0; t < ranked.length; t++) {
			taskIds[t] = ranked[t].id();
			weights[t] = ranked[t].weight();
			// Looking tasks up in the caller's map, rather than indexing them in a map of our own, is most of
			// the speed at 100 000 tasks; assignments of unknown tasks are simply never looked at.
			Collection<String> members = current.get(taskIds[t]);
			holders[t] = (members != null) ? knownHolders(members, workerIndex, singleHolders) : NO_HOLDER;
		}
		return new PlanningProblem(taskIds, weights, workerIds, capacities, holders);
	}

	private static PlannerTask[] rank(Collection<PlannerTask> tasks) {
		PlannerTask[] input = tasks.toArray(PlannerTask[]::new);
		long[] keys = new long[input.length];
		for (int i = 0; i < input.length; i++) {
			keys[i] = ((long) mix(input[i].id().hashCode()) << 32) | i;
		}
		// Sorting primitives keeps 100 000 tasks in a few milliseconds. Equal hashes are then ordered by id,
		// which also puts equal ids side by side.
		Arrays.sort(keys);
		PlannerTask[] ranked = new PlannerTask[input.length];
		for (int i = 0; i < input.length; i++) {
			ranked[i] = input[(int) keys[i]];
		}
		for (int from = 0, to; from < input.length; from = to) {
			to = from + 1;
			while (to < input.length && (keys[to] >>> 32) == (keys[from] >>> 32)) {
				to++;
			}
			if (to - from > 1) {
				Arrays.sort(ranked, from, to, (a, b) -> a.id().compareTo(b.id()));
				for (int i = from + 1; i < to; i++) {
					if (ranked[i].id().equals(ranked[i - 1].id())) {
						throw new IllegalArgumentException("Duplicate task id '" + ranked[i].id() + "'");
					}
				}
			}
		}
		return ranked;
	}

	/** Murmur3's finalizer: spreads the bits of {@link String#hashCode()}, which is the same on every JVM. */
	private static int mix(int hash) {
		int h = hash;
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

	private static int[] knownHolders(Collection<String> members, Map<String, Integer> workerIndex,
			int[][] singleHolders) {
		if (members.size() == 1) {
			Integer worker = workerIndex.get(members.iterator().next());
			return (worker != null) ? singleHolders[worker] : NO_HOLDER;
		}
		int[] distinct = members.stream()
			.map(workerIndex::get)
			.filter(Objects::nonNull)
			.mapToInt(Integer::intValue)
			.sorted()
			.distinct()
			.toArray();
		return switch (distinct.length) {
			case 0 -> NO_HOLDER;
			case 1 -> singleHolders[distinct[0]];
			default -> distinct;
		};
	}

	int taskCount() {
		return this.taskIds.length;
	}

	int workerCount() {
		return this.workerIds.length;
	}

	int weight(int task) {
		return this.weights[task];
	}

	int capacity(int worker) {
		return this.capacities[worker];
	}

	/** The known workers the task is assigned to now, ascending; shared arrays, never to be written. */
	int[] holders(int task) {
		return this.holders[task];
	}

	long totalWeight() {
		return this.totalWeight;
	}

	long totalCapacity() {
		return this.totalCapacity;
	}

	int maxWeight() {
		return this.maxWeight;
	}

	/** Whether all tasks weigh the same, so that balance and the fewest moves can be counted in tasks. */
	boolean uniform() {
		return this.uniform;
	}

	/** The plan that sends each task to {@code target[task]} (a worker index), counted against the holders. */
	Plan toPlan(int[] target) {
		@SuppressWarnings("unchecked")
		Map.Entry<String, String>[] entries = new Map.Entry[target.length];
		int moves = 0;
		int placements = 0;
		for (int t = 0; t < target.length; t++) {
			entries[t] = Map.entry(this.taskIds[t], this.workerIds[target[t]]);
			if (this.holders[t].length == 0) {
				placements++;
			}
			else if (Arrays.binarySearch(this.holders[t], target[t]) < 0) {
				moves++;
			}
		}
		return new Plan(Map.ofEntries(entries), moves, placements);
	}

}
