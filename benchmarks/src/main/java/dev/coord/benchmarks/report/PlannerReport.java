package dev.coord.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.coord.benchmarks.report.MarkdownTable.format;

/**
 * Turns JMH's JSON result of {@code PlannerBenchmark} into the planner section and its goals.
 * <p>
 * Usage: {@code PlannerReport <jmh.json> <output directory>}; writes {@code planner.md} and
 * {@code planner.goals.tsv}.
 */
public final class PlannerReport {

	private static final String GOAL_SIZE = "100000x1000";

	private static final double GOAL_MS = 100;

	private PlannerReport() {
	}

	private record Result(String size, String scenario, double ms, double error, double cpuMs, double bytes,
			double gcCount, int iterations) {

		int tasks() {
			return Integer.parseInt(size.split("x")[0]);
		}

	}

	public static void main(String[] args) throws IOException {
		JsonNode root = JsonMapper.builder().build().readTree(Path.of(args[0]).toFile());
		Path out = Path.of(args[1]);
		List<Result> results = new ArrayList<>();
		for (JsonNode run : root) {
			JsonNode secondary = run.get("secondaryMetrics");
			double cpuNanos = number(secondary.path("cpuNanos").path("score"));
			double plans = number(secondary.path("plans").path("score"));
			results.add(new Result(run.get("params").get("size").asString(), run.get("params").get("scenario").asString(),
					number(run.get("primaryMetric").get("score")), number(run.get("primaryMetric").get("scoreError")),
					cpuNanos / plans / 1e6, number(secondary.path("gc.alloc.rate.norm").path("score")),
					number(secondary.path("gc.count").path("score")), run.get("measurementIterations").asInt()));
		}
		MarkdownTable table = new MarkdownTable("tasks × workers", "scenario", "wall time per plan (ms, mean ± 99.9 % CI)",
				"CPU time per plan (ms)", "allocated per plan (MB)", "allocated per task (bytes)", "GCs in measurement");
		for (Result result : results) {
			table.row(result.size.replace("x", " × "), result.scenario, format(result.ms, 2) + " ± " + format(result.error, 2),
					format(result.cpuMs, 2), format(result.bytes / 1e6, 1), format(result.bytes / result.tasks(), 0),
					format(result.gcCount, 0));
		}
		String markdown = "`PlannerBenchmark.plan`: one uncapped `AssignmentPlanner.plan(tasks, workers, current)` "
				+ "from the planner's input collections to the `Plan` (its target map included), inputs built once per "
				+ "trial from a seeded random state (see `PlannerInputs`): *COLD_START* nothing assigned; *ONE_JOIN* the "
				+ "tasks dealt out evenly at random over the workers, then one more worker; *ONE_LEAVE* the same, then "
				+ "one worker gone; *CHURN_10* the same, then a tenth of the workers replaced by new ones and a tenth of "
				+ "the tasks by new ids. Average time mode, the JVM pinned to one core (`taskset -c 1`, Serial GC, "
				+ "`-Xms4g -Xmx4g`). *wall time* is JMH's score: it includes any time another process on this shared "
				+ "machine held the core; *CPU time* is the benchmark JVM's process CPU time per plan (all its threads, "
				+ "GC included; sampled in 10 ms ticks and summed over the iterations); *allocated* is "
				+ "`gc.alloc.rate.norm` from `-prof gc`.\n\n" + table;
		Files.writeString(out.resolve("planner.md"), markdown, StandardCharsets.UTF_8);
		Goal.write(out.resolve("planner.goals.tsv"), goals(results));
		System.out.println(markdown);
	}

	/** A JSON number, or NaN for what JMH writes as the string "NaN" (or leaves out). */
	private static double number(JsonNode node) {
		if (node.isNumber()) {
			return node.asDouble();
		}
		try {
			return Double.parseDouble(node.asString());
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	private static List<Goal> goals(List<Result> results) {
		List<Goal> goals = new ArrayList<>();
		List<Result> target = results.stream().filter((result) -> result.size.equals(GOAL_SIZE)).toList();
		if (!target.isEmpty()) {
			Result slowest = target.stream().max((a, b) -> Double.compare(a.ms, b.ms)).orElseThrow();
			Result slowestCpu = target.stream().max((a, b) -> Double.compare(a.cpuMs, b.cpuMs)).orElseThrow();
			boolean met = slowest.ms < GOAL_MS;
			goals.add(new Goal("Planner", "100 000 × 1 000 in under 100 ms on one core (every scenario)",
					"slowest: " + slowest.scenario + " " + format(slowest.ms, 1) + " ms wall (± " + format(slowest.error, 1)
							+ "); CPU time per plan at most " + format(slowestCpu.cpuMs, 1) + " ms (" + slowestCpu.scenario
							+ ")",
					met, met ? "" : "wall time on a core shared with other processes; see the CPU time column"));
		}
		Map<String, Map<Integer, Double>> perTask = new LinkedHashMap<>();
		for (Result result : results) {
			perTask.computeIfAbsent(result.scenario, (s) -> new LinkedHashMap<>())
				.put(result.tasks(), result.bytes / result.tasks());
		}
		double worst = 0;
		List<String> figures = new ArrayList<>();
		for (Map.Entry<String, Map<Integer, Double>> scenario : perTask.entrySet()) {
			Double medium = scenario.getValue().get(100_000);
			Double large = scenario.getValue().get(1_000_000);
			if (medium != null && large != null) {
				double ratio = large / medium;
				worst = Math.max(worst, Math.max(ratio, 1 / ratio));
				figures.add(scenario.getKey() + " " + format(medium, 0) + " → " + format(large, 0));
			}
		}
		if (!figures.isEmpty()) {
			goals.add(new Goal("Planner", "memory linear in tasks (allocation per task the same at 10× the tasks)",
					"bytes allocated per task, 100 000 → 1 000 000 tasks: " + String.join("; ", figures),
					worst <= 1.25, "allocation per task grows with size"));
		}
		return goals;
	}

}
