package dev.coord.benchmarks.churn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.coord.core.AssignmentPlanner;
import dev.coord.core.PlannerTask;
import dev.coord.core.PlannerWorker;

/** coord's planner, uncapped: it starts from the previous assignment. */
final class CoordPlanner implements Strategy {

	private final AssignmentPlanner planner = new AssignmentPlanner(0);

	@Override
	public String name() {
		return "coord";
	}

	@Override
	public Map<String, String> assign(List<String> tasks, List<Worker> workers, Map<String, String> previous) {
		return this.planner.plan(plannerTasks(tasks), plannerWorkers(workers), current(previous)).target();
	}

	static List<PlannerTask> plannerTasks(List<String> tasks) {
		return tasks.stream().map((id) -> new PlannerTask(id, 1)).toList();
	}

	static List<PlannerWorker> plannerWorkers(List<Worker> workers) {
		return workers.stream().map((worker) -> new PlannerWorker(worker.id(), worker.capacity())).toList();
	}

	static Map<String, List<String>> current(Map<String, String> previous) {
		Map<String, List<String>> current = new HashMap<>();
		previous.forEach((task, worker) -> current.put(task, List.of(worker)));
		return current;
	}

}
