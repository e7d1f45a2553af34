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

	private record Result(String size, String scenario, double ms, double error, double medianMs, double cpuMs,
			double bytes, double gcCount, int iterations) {

		int tasks() {
			return Integer.parseInt(size.split("x")[0]);
		}

	}

	public static void main(String[] args) throws IOException {
		JsonNode root = JsonMapper.builder().build().readTree(Path.of(args[0]).toFile());
		Path out = Path.of(args[1]);
		List<Result> results = new ArrayList<>();
		MarkdownTable maps = new MarkdownTable("task ids", "built with", "wall time (ms, mean ± 99.9 % CI)",
				"allocated (MB)");
		for (JsonNode run : root) {
			if (run.get("benchmark").asString().endsWith("TargetMapBenchmark.build")) {
				maps.row(run.get("params").get("tasks").asString(), run.get("params").get("kind").asString(),
						format(number(run.get("primaryMetric").get("score")), 1) + " ± "
								+ format(number(run.get("primaryMetric").get("scoreError")), 1),
						format(number(run.get("secondaryMetrics").path("gc.alloc.rate.norm").path("score")) / 1e6, 1));
				continue;
			}
			JsonNode secondary = run.get("secondaryMetrics");
			double cpuNanos = number(secondary.path("cpuNanos").path("score"));
			double plans = number(secondary.path("plans").path("score"));
			results.add(new Result(run.get("params").get("size").asString(), run.get("params").get("scenario").asString(),
					number(run.get("primaryMetric").get("score")), number(run.get("primaryMetric").get("scoreError")),
					number(run.get("primaryMetric").get("scorePercentiles").path("50.0")), cpuNanos / plans / 1e6, number(secondary.path("gc.alloc.rate.norm").path("score")),
					number(secondary.path("gc.count").path("score")), run.get("measurementIterations").asInt()));
		}
		MarkdownTable table = new MarkdownTable("tasks × workers", "scenario", "wall time per plan (ms, mean ± 99.9 % CI)",
				"median iteration (ms)", "CPU time per plan (ms)", "allocated per plan (MB)", "allocated per task (bytes)", "GCs in measurement");
		for (Result result : results) {
			table.row(result.size.replace("x", " × "), result.scenario, format(result.ms, 2) + " ± " + format(result.error, 2),
					format(result.medianMs, 2), format(result.cpuMs, 2), format(result.bytes / 1e6, 1), format(result.bytes / result.tasks(), 0),
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
				+ "`gc.alloc.rate.norm` from `-prof gc`. The goal is judged on the *median iteration*: one iteration in which "
				+ "another tenant held the core moves the mean (and its interval) a lot and the median little.\n\n" + table
				+ scaling(results, maps);
		Files.writeString(out.resolve("planner.md"), markdown, StandardCharsets.UTF_8);
		Goal.write(out.resolve("planner.goals.tsv"), goals(results));
		System.out.println(markdown);
	}

	/**
	 * How time per task grows from 100 000 to 1 000 000 tasks, and the benchmark of the plan's target map that
	 * shows why.
	 */
	private static String scaling(List<Result> results, MarkdownTable maps) {
		StringBuilder text = new StringBuilder("\nTime per task, 100 000 → 1 000 000 tasks (median iterations): ");
		List<String> growth = new ArrayList<>();
		double worst = 0;
		for (Result large : results) {
			if (large.tasks() != 1_000_000) {
				continue;
			}
			results.stream()
				.filter((medium) -> medium.tasks() == 100_000 && medium.scenario.equals(large.scenario))
				.findFirst()
				.ifPresent((medium) -> growth.add(large.scenario + " " + format(large.medianMs / medium.medianMs / 10, 1) + "×"));
			worst = Math.max(worst, results.stream()
				.filter((medium) -> medium.tasks() == 100_000 && medium.scenario.equals(large.scenario))
				.mapToDouble((medium) -> large.medianMs / medium.medianMs / 10)
				.max()
				.orElse(0));
		}
		text.append(growth.isEmpty() ? "(not run)" : String.join(", ", growth)).append(". ");
		if (worst < 1.5) {
			return text.append("Time grows about linearly with the tasks.\n\n").append(maps).toString();
		}
		text.append("Memory stays linear (the bytes allocated per task do not grow), but time per task does: a JFR profile "
				+ "of the 1 000 000-task plan puts most of it in `Map.ofEntries`, which `PlanningProblem.toPlan` uses to build "
				+ "the plan's target map. The JDK's immutable map probes linearly from the raw `String.hashCode()`, and the "
				+ "hash codes of ids that differ only in their last characters (`task-0`, `task-1`, ...) fall in dense runs, "
				+ "so its probe sequences grow with the map. `TargetMapBenchmark` builds the same map both ways, in the "
				+ "same run:\n\n").append(maps);
		return text.toString();
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
			Result slowest = target.stream().max((a, b) -> Double.compare(a.medianMs, b.medianMs)).orElseThrow();
			Result slowestMean = target.stream().max((a, b) -> Double.compare(a.ms, b.ms)).orElseThrow();
			Result slowestCpu = target.stream().max((a, b) -> Double.compare(a.cpuMs, b.cpuMs)).orElseThrow();
			boolean met = slowest.medianMs < GOAL_MS;
			goals.add(new Goal("Planner", "100 000 × 1 000 in under 100 ms on one core (every scenario)",
					"slowest median iteration: " + slowest.scenario + " " + format(slowest.medianMs, 1)
							+ " ms per plan; slowest mean " + format(slowestMean.ms, 1) + " ± " + format(slowestMean.error, 1)
							+ " ms (" + slowestMean.scenario + "); CPU time per plan at most " + format(slowestCpu.cpuMs, 1)
							+ " ms (" + slowestCpu.scenario + ")",
					met, met ? "" : "the core is shared with other processes; see the CPU time column"));
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
