package dev.coord.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One input of the planner, with the arithmetic the properties check plans against.
 */
record PlannerState(List<PlannerTask> tasks, List<PlannerWorker> workers, Map<String, List<String>> current) {

	/**
	 * @param capacities one worker per entry, named {@code w0}, {@code w1}, … (so that {@code w10} sorts before
	 * {@code w2})
	 * @param taskSpecs per task, its weight and its current workers, each given in percent of the worker count
	 * plus one: the top slot is a worker that is gone
	 * @param ghosts current workers of tasks that do not exist, in the same percents
	 */
	static PlannerState of(List<Integer> capacities, List<Map.Entry<Integer, List<Integer>>> taskSpecs,
			List<Integer> ghosts) {
		List<PlannerWorker> workers = new ArrayList<>();
		for (int w = 0; w < capacities.size(); w++) {
			workers.add(new PlannerWorker("w" + w, capacities.get(w)));
		}
		List<PlannerTask> tasks = new ArrayList<>();
		Map<String, List<String>> current = new HashMap<>();
		for (int t = 0; t < taskSpecs.size(); t++) {
			tasks.add(new PlannerTask("t" + t, taskSpecs.get(t).getKey()));
			List<Integer> holders = taskSpecs.get(t).getValue();
			if (!holders.isEmpty()) {
				current.put("t" + t, holders.stream().map((percent) -> member(percent, workers.size())).toList());
			}
		}
		for (int g = 0; g < ghosts.size(); g++) {
			current.put("ghost" + g, List.of(member(ghosts.get(g), workers.size())));
		}
		return new PlannerState(tasks, workers, current);
	}

	private static String member(int percent, int workerCount) {
		int index = percent * (workerCount + 1) / 100;
		return (index < workerCount) ? "w" + index : "gone" + percent;
	}

	Plan plan(int maxMoves) {
		return new AssignmentPlanner(maxMoves).plan(this.tasks, this.workers, this.current);
	}

	int minimumMoves() {
		return AssignmentPlanner.minimumMoves(this.tasks, this.workers, this.current);
	}

	long totalWeight() {
		return this.tasks.stream().mapToLong(PlannerTask::weight).sum();
	}

	long totalCapacity() {
		return this.workers.stream().mapToLong(PlannerWorker::capacity).sum();
	}

	int maxWeight() {
		return this.tasks.stream().mapToInt(PlannerTask::weight).max().orElse(1);
	}

	/** The known workers the task is assigned to now. */
	Set<String> validHolders(String taskId) {
		Set<String> known = this.workers.stream().map(PlannerWorker::id).collect(Collectors.toSet());
		return this.current.getOrDefault(taskId, List.of())
			.stream()
			.filter(known::contains)
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	int orphans() {
		return (int) this.tasks.stream().filter((task) -> validHolders(task.id()).isEmpty()).count();
	}

	/** Each worker's load under the target, in weight, zero for workers without tasks. */
	Map<String, Long> loads(Map<String, String> target) {
		Map<String, Long> loads = new HashMap<>();
		this.workers.forEach((worker) -> loads.put(worker.id(), 0L));
		this.tasks.forEach((task) -> loads.merge(target.get(task.id()), (long) task.weight(), Long::sum));
		return loads;
	}

	/** {@code |load - share| < maxWeight}, in exact integers: shares scaled by the total capacity. */
	boolean isBalanced(Map<String, String> target) {
		Map<String, Long> loads = loads(target);
		long scale = totalCapacity();
		return this.workers.stream()
			.allMatch((worker) -> Math.abs(loads.get(worker.id()) * scale - totalWeight() * worker.capacity()) < maxWeight()
					* scale);
	}

	/** The state after the plan is carried out. */
	PlannerState next(Plan plan) {
		Map<String, List<String>> current = new HashMap<>();
		plan.target().forEach((task, worker) -> current.put(task, List.of(worker)));
		return new PlannerState(this.tasks, this.workers, current);
	}

	PlannerState withWorkers(List<PlannerWorker> workers) {
		return new PlannerState(this.tasks, workers, this.current);
	}

	/** The same input in another order: lists, map iteration and each task's workers. */
	PlannerState shuffled(long seed) {
		Random random = new Random(seed);
		List<PlannerTask> tasks = new ArrayList<>(this.tasks);
		Collections.shuffle(tasks, random);
		List<PlannerWorker> workers = new ArrayList<>(this.workers);
		Collections.shuffle(workers, random);
		List<String> keys = new ArrayList<>(this.current.keySet());
		Collections.shuffle(keys, random);
		Map<String, List<String>> current = new LinkedHashMap<>();
		for (String key : keys) {
			List<String> holders = new ArrayList<>(this.current.get(key));
			Collections.shuffle(holders, random);
			current.put(key, holders);
		}
		return new PlannerState(tasks, workers, current);
	}

}
