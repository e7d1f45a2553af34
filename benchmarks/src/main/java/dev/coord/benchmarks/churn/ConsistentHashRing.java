package dev.coord.benchmarks.churn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consistent-hash ring: each worker has {@code 100 × capacity} virtual nodes at
 * {@code hash(id + "#" + i)}; a task goes to the first virtual node at or after its hash, wrapping around.
 */
final class ConsistentHashRing implements Strategy {

	static final int VIRTUAL_NODES = 100;

	@Override
	public String name() {
		return "consistent-hash ring (100 vnodes)";
	}

	@Override
	public Map<String, String> assign(List<String> tasks, List<Worker> workers, Map<String, String> previous) {
		TreeMap<Long, String> ring = new TreeMap<>();
		for (Worker worker : workers) {
			for (int i = 0; i < VIRTUAL_NODES * worker.capacity(); i++) {
				ring.putIfAbsent(Hashing.hash(worker.id() + "#" + i), worker.id());
			}
		}
		Map<String, String> target = new HashMap<>();
		for (String task : tasks) {
			Map.Entry<Long, String> node = ring.ceilingEntry(Hashing.hash(task));
			target.put(task, ((node != null) ? node : ring.firstEntry()).getValue());
		}
		return target;
	}

}
