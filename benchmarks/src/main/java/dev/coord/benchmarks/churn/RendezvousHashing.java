package dev.coord.benchmarks.churn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rendezvous (highest random weight) hashing, weighted: a task goes to the worker with the highest
 * {@code -capacity / ln(u)}, where {@code u} in (0, 1) is the hash of the pair; with equal capacities that
 * is the worker with the highest pair hash.
 */
final class RendezvousHashing implements Strategy {

	@Override
	public String name() {
		return "rendezvous";
	}

	@Override
	public Map<String, String> assign(List<String> tasks, List<Worker> workers, Map<String, String> previous) {
		Map<String, String> target = new HashMap<>();
		for (String task : tasks) {
			String best = null;
			double bestScore = Double.NEGATIVE_INFINITY;
			for (Worker worker : workers) {
				double u = ((Hashing.hash(task, worker.id()) >>> 11) + 0.5) / (1L << 53);
				double score = -worker.capacity() / Math.log(u);
				if (score > bestScore) {
					bestScore = score;
					best = worker.id();
				}
			}
			target.put(task, best);
		}
		return target;
	}

}
