package dev.coord.benchmarks.churn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.coord.benchmarks.report.MarkdownTable;
import dev.coord.core.AssignmentPlanner;

/**
 * What one strategy did at one step.
 *
 * @param step the step's name
 * @param moved tasks that left a worker still present for another
 * @param placed tasks that had no worker still present
 * @param lowerBound the fewest moves of any plan that restores balance from the previous assignment
 * @param maxOverMean the largest load over capacity-proportional share
 * @param balanced whether every load is the floor or the ceiling of its share
 * @param micros how long the strategy took
 */
record StepResult(String step, int moved, int placed, int lowerBound, double maxOverMean, boolean balanced,
		long micros) {

	static StepResult of(String step, List<String> tasks, List<Worker> workers, Map<String, String> before,
			Map<String, String> after, long micros) {
		Set<String> live = workers.stream().map(Worker::id).collect(Collectors.toSet());
		int moved = 0;
		int placed = 0;
		for (String task : tasks) {
			String was = before.get(task);
			if (was == null || !live.contains(was)) {
				placed++;
			}
			else if (!was.equals(after.get(task))) {
				moved++;
			}
		}
		int lowerBound = AssignmentPlanner.minimumMoves(CoordPlanner.plannerTasks(tasks),
				CoordPlanner.plannerWorkers(workers), CoordPlanner.current(before));
		Map<String, Integer> loads = new HashMap<>();
		after.values().forEach((worker) -> loads.merge(worker, 1, Integer::sum));
		long totalCapacity = workers.stream().mapToLong(Worker::capacity).sum();
		double worst = 0;
		boolean balanced = true;
		for (Worker worker : workers) {
			double share = (double) tasks.size() * worker.capacity() / totalCapacity;
			int load = loads.getOrDefault(worker.id(), 0);
			worst = Math.max(worst, load / share);
			long scaled = (long) tasks.size() * worker.capacity();
			long floor = scaled / totalCapacity;
			long ceiling = floor + ((scaled % totalCapacity == 0) ? 0 : 1);
			balanced &= load >= floor && load <= ceiling;
		}
		return new StepResult(step, moved, placed, lowerBound, worst, balanced, micros);
	}

	/** moved / lower bound, "—" when neither has to move. */
	String ratio() {
		if (this.lowerBound == 0) {
			return (this.moved == 0) ? "—" : "∞ (" + this.moved + " / 0)";
		}
		return MarkdownTable.format((double) this.moved / this.lowerBound, 2);
	}

}
