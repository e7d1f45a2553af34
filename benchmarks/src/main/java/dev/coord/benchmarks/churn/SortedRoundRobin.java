package dev.coord.benchmarks.churn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sorts the tasks and the workers by id and deals the tasks out in order over the slots of
 * {@link ModuloHashing#slots} (each worker {@code capacity} times): balanced by construction, and what many
 * hand-written schedulers do.
 */
final class SortedRoundRobin implements Strategy {

	@Override
	public String name() {
		return "sorted round-robin";
	}

	@Override
	public Map<String, String> assign(List<String> tasks, List<Worker> workers, Map<String, String> previous) {
		List<String> slots = ModuloHashing.slots(workers);
		List<String> sorted = new ArrayList<>(tasks);
		sorted.sort(null);
		Map<String, String> target = new HashMap<>();
		for (int i = 0; i < sorted.size(); i++) {
			target.put(sorted.get(i), slots.get(i % slots.size()));
		}
		return target;
	}

}
