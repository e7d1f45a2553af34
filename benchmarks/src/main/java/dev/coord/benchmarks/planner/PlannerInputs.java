package dev.coord.benchmarks.planner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.coord.core.PlannerTask;
import dev.coord.core.PlannerWorker;

/**
 * One planner input: the tasks, the workers and the current assignment right after an event, built from a
 * seeded random state so that every run plans the same thing.
 * <p>
 * The state before the event is what coord leaves at rest: the tasks dealt out evenly over the workers in a
 * random order (each worker holds the floor or the ceiling of its share, in random tasks). Then:
 * <ul>
 * <li>{@code COLD_START}: no task is assigned yet.
 * <li>{@code ONE_JOIN}: one new worker joins the {@code workers} at rest.
 * <li>{@code ONE_LEAVE}: one of the {@code workers} leaves; its tasks are orphans.
 * <li>{@code CHURN_10}: a tenth of the workers are replaced by new ones, and a tenth of the tasks by new ids.
 * </ul>
 *
 * @param tasks the tasks, all of weight 1
 * @param workers the workers after the event, all of capacity 1
 * @param current each task's worker before the event
 */
public record PlannerInputs(List<PlannerTask> tasks, List<PlannerWorker> workers,
		Map<String, List<String>> current) {

	/** What happened just before the planner runs. */
	public enum Scenario {

		COLD_START, ONE_JOIN, ONE_LEAVE, CHURN_10

	}

	public static PlannerInputs of(int taskCount, int workerCount, Scenario scenario, long seed) {
		Random random = new Random(seed);
		List<String> taskIds = ids("task-", 0, taskCount);
		List<String> before = ids("worker-", 0, workerCount);
		List<String> after = new ArrayList<>(before);
		List<String> tasksAfter = new ArrayList<>(taskIds);
		switch (scenario) {
			case COLD_START -> {
			}
			case ONE_JOIN -> after.add("worker-new-0");
			case ONE_LEAVE -> after.remove(random.nextInt(after.size()));
			case CHURN_10 -> {
				int replacedWorkers = Math.max(1, workerCount / 10);
				Collections.shuffle(after, random);
				after.subList(0, replacedWorkers).clear();
				after.addAll(ids("worker-new-", 0, replacedWorkers));
				int replacedTasks = taskCount / 10;
				Collections.shuffle(tasksAfter, random);
				tasksAfter.subList(0, replacedTasks).clear();
				tasksAfter.addAll(ids("task-new-", 0, replacedTasks));
			}
		}
		Map<String, List<String>> current = new HashMap<>(taskCount * 2);
		if (scenario != Scenario.COLD_START) {
			List<String> dealt = new ArrayList<>(taskIds);
			Collections.shuffle(dealt, random);
			List<String> order = new ArrayList<>(before);
			Collections.shuffle(order, random);
			for (int i = 0; i < dealt.size(); i++) {
				current.put(dealt.get(i), List.of(order.get(i % order.size())));
			}
		}
		List<PlannerTask> tasks = tasksAfter.stream().map((id) -> new PlannerTask(id, 1)).toList();
		List<PlannerWorker> workers = after.stream().map((id) -> new PlannerWorker(id, 1)).toList();
		return new PlannerInputs(tasks, workers, current);
	}

	private static List<String> ids(String prefix, int from, int count) {
		List<String> ids = new ArrayList<>(count);
		for (int i = from; i < from + count; i++) {
			ids.add(prefix + i);
		}
		return ids;
	}

}
