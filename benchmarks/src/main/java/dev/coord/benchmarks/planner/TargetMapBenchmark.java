package dev.coord.benchmarks.planner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Builds a plan's target map (task id → worker id) for task ids like the planner benchmark's
 * ({@code task-0 ... task-N}, added in a shuffled order as the planner adds them in its hashed order), two ways: {@code Map.ofEntries}, which {@code PlanningProblem.toPlan} uses
 * and which probes linearly on the raw {@link String#hashCode()}, and a {@link HashMap} wrapped unmodifiable,
 * which spreads the hash and chains. Explains how plan time grows with the task count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms4g", "-Xmx4g", "-XX:+UseSerialGC" })
public class TargetMapBenchmark {

	@Param({ "100000", "1000000" })
	public int tasks;

	@Param({ "MAP_OF_ENTRIES", "HASH_MAP" })
	public String kind;

	private String[] taskIds;

	private String[] workerIds;

	@Setup(Level.Trial)
	public void setUp() {
		this.taskIds = new String[this.tasks];
		this.workerIds = new String[this.tasks];
		int workers = this.tasks / 100;
		List<Integer> order = new ArrayList<>(this.tasks);
		for (int i = 0; i < this.tasks; i++) {
			order.add(i);
		}
		// the planner adds tasks in a hashed order, not in the order of their ids
		Collections.shuffle(order, new Random(42));
		for (int i = 0; i < this.tasks; i++) {
			this.taskIds[i] = "task-" + order.get(i);
			this.workerIds[i] = "worker-" + (i % workers);
		}
	}

	@Benchmark
	@SuppressWarnings("unchecked")
	public Map<String, String> build() {
		if (this.kind.equals("MAP_OF_ENTRIES")) {
			Map.Entry<String, String>[] entries = new Map.Entry[this.tasks];
			for (int i = 0; i < this.tasks; i++) {
				entries[i] = Map.entry(this.taskIds[i], this.workerIds[i]);
			}
			return Map.ofEntries(entries);
		}
		Map<String, String> map = new HashMap<>((int) (this.tasks / 0.75f) + 1);
		for (int i = 0; i < this.tasks; i++) {
			map.put(this.taskIds[i], this.workerIds[i]);
		}
		return Collections.unmodifiableMap(map);
	}

}
