package dev.coord.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A test oracle, independent of the planner: the most current assignments of equal-weight tasks that any
 * balanced plan keeps, by a textbook maximum flow. Source, then each task with a known worker (1), then each of
 * its known workers (1), then the sink up to the worker's floor, or a pool of rounded-up units (1 per
 * fractional worker) that reaches the sink up to {@code tasks - sum(floors)}.
 */
final class KeepableAssignments {

	private final int[][] capacity;

	private KeepableAssignments(int nodes) {
		this.capacity = new int[nodes][nodes];
	}

	/** The fewest moves of any balanced plan: tasks with a known worker minus the most that can stay. */
	static int minimumMoves(PlannerState state) {
		List<PlannerTask> tasks = state.tasks();
		List<PlannerWorker> workers = state.workers();
		int n = tasks.size();
		int source = 0;
		int pool = n + workers.size() + 1;
		int sink = pool + 1;
		KeepableAssignments network = new KeepableAssignments(sink + 1);
		long total = n;
		long totalCapacity = state.totalCapacity();
		long floors = 0;
		for (int w = 0; w < workers.size(); w++) {
			long scaled = total * workers.get(w).capacity();
			network.capacity[n + 1 + w][sink] = (int) (scaled / totalCapacity);
			network.capacity[n + 1 + w][pool] = (scaled % totalCapacity != 0) ? 1 : 0;
			floors += scaled / totalCapacity;
		}
		network.capacity[pool][sink] = (int) (total - floors);
		List<String> workerIds = workers.stream().map(PlannerWorker::id).toList();
		int withHolder = 0;
		for (int t = 0; t < n; t++) {
			var holders = state.validHolders(tasks.get(t).id());
			if (!holders.isEmpty()) {
				withHolder++;
				network.capacity[source][t + 1] = 1;
				for (String holder : holders) {
					network.capacity[t + 1][n + 1 + workerIds.indexOf(holder)] = 1;
				}
			}
		}
		return withHolder - network.maxFlow(source, sink);
	}

	private int maxFlow(int source, int sink) {
		int flow = 0;
		while (augment(source, sink, new boolean[this.capacity.length], new ArrayList<>())) {
			flow++;
		}
		return flow;
	}

	private boolean augment(int node, int sink, boolean[] seen, List<Integer> path) {
		if (node == sink) {
			path.add(node);
			for (int i = 0; i + 1 < path.size(); i++) {
				this.capacity[path.get(i)][path.get(i + 1)]--;
				this.capacity[path.get(i + 1)][path.get(i)]++;
			}
			return true;
		}
		seen[node] = true;
		path.add(node);
		for (int next = 0; next < this.capacity.length; next++) {
			if (!seen[next] && this.capacity[node][next] > 0 && augment(next, sink, seen, path)) {
				return true;
			}
		}
		path.remove(path.size() - 1);
		return false;
	}

}
