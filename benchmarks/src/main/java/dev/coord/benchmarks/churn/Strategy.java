package dev.coord.benchmarks.churn;

import java.util.List;
import java.util.Map;

/**
 * A way to spread tasks over workers. Hashing schemes ignore the previous assignment; coord's planner starts
 * from it.
 */
interface Strategy {

	String name();

	/** Each task's worker, given the workers now and each task's worker before (tasks that had none are absent). */
	Map<String, String> assign(List<String> tasks, List<Worker> workers, Map<String, String> previous);

}
