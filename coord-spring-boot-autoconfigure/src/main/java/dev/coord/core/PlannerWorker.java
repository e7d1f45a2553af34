package dev.coord.core;

import java.util.Objects;

/**
 * A member that takes tasks, as the {@link AssignmentPlanner} sees it.
 *
 * @param id the member id
 * @param capacity its relative share of the total weight, at least 1 (members with none are not workers)
 */
public record PlannerWorker(String id, int capacity) {

	public PlannerWorker {
		Objects.requireNonNull(id, "id");
		if (capacity < 1) {
			throw new IllegalArgumentException("Worker '" + id + "' has capacity " + capacity + "; it must be at least 1");
		}
	}

}
