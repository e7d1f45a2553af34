package dev.coord.benchmarks.churn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code slots[hash(task) mod slots.length]}, where the slots are the workers sorted by id, each repeated
 * {@code capacity} times (so that capacity counts).
 */
final class ModuloHashing implements Strategy {

	@Override
	public String name() {
		return "modulo";
	}

	@Override
	public Map<String, String> assign(List<String> tasks, List<Worker> workers, Map<String, String> previous) {
		List<String> slots = slots(workers);
		Map<String, String> target = new HashMap<>();
		for (String task : tasks) {
			target.put(task, slots.get((int) Long.remainderUnsigned(Hashing.hash(task), slots.size())));
		}
		return target;
	}

	/** Workers sorted by id, each {@code capacity} times. */
	static List<String> slots(List<Worker> workers) {
		List<Worker> sorted = new ArrayList<>(workers);
		sorted.sort(Comparator.comparing(Worker::id));
		List<String> slots = new ArrayList<>();
		for (Worker worker : sorted) {
			for (int i = 0; i < worker.capacity(); i++) {
				slots.add(worker.id());
			}
		}
		return slots;
	}

}
