package dev.coord.core;

import java.util.Objects;

/**
 * A task as the {@link AssignmentPlanner} sees it.
 *
 * @param id the task id
 * @param weight how much of a worker's capacity the task takes, at least 1
 */
public record PlannerTask(String id, int weight) {

	public PlannerTask {
		Objects.requireNonNull(id, "id");
		if (weight < 1) {
			throw new IllegalArgumentException("Task '" + id + "' has weight " + weight + "; it must be at least 1");
		}
	}

}
