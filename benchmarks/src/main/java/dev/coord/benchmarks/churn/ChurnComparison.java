package dev.coord.benchmarks.churn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import dev.coord.benchmarks.report.Goal;
import dev.coord.benchmarks.report.MarkdownTable;
import dev.coord.core.AssignmentPlanner;

/**
 * Replays one membership scenario through coord's planner and through four hashing baselines, and counts, at
 * every step and for every strategy, the tasks moved between live workers, the fewest moves that any plan
 * reaching balance from the same state needs ({@link AssignmentPlanner#minimumMoves}, exact for tasks of equal
 * weight), their ratio, and how far the fullest worker is above its capacity-proportional share.
 * <p>
 * Each strategy carries its own state from step to step: what it moves and its lower bound are counted from
 * where it stood, so a baseline that left the workers unbalanced is not charged for coord's state. Tasks of a
 * worker that left have to go somewhere: they are counted as placements, not moves, for every strategy.
 * <p>
 * Usage: {@code ChurnComparison <output directory>}; writes {@code churn.md} and {@code churn.goals.tsv}.
 */
public final class ChurnComparison {

	static final int TASKS = 10_000;

	static final int WORKERS = 50;

	private ChurnComparison() {
	}

	public static void main(String[] args) throws IOException {
		Path out = Path.of(args[0]);
		Files.createDirectories(out);
		List<Strategy> strategies = List.of(new CoordPlanner(), new ModuloHashing(), new ConsistentHashRing(),
				new RendezvousHashing(), new SortedRoundRobin());
		List<String> tasks = IntStream.rangeClosed(1, TASKS).mapToObj((i) -> String.format("task-%05d", i)).toList();
		Map<String, UnaryOperator<List<Worker>>> steps = steps();
		Map<Strategy, Map<String, String>> state = new LinkedHashMap<>();
		strategies.forEach((strategy) -> state.put(strategy, Map.of()));
		List<Worker> workers = List.of();
		MarkdownTable table = new MarkdownTable("step", "workers", "strategy", "moved", "placed", "lower bound",
				"moved / lower bound", "max load / mean load", "balanced");
		Map<Strategy, List<StepResult>> results = new LinkedHashMap<>();
		for (Map.Entry<String, UnaryOperator<List<Worker>>> step : steps.entrySet()) {
			workers = step.getValue().apply(workers);
			for (Strategy strategy : strategies) {
				Map<String, String> before = state.get(strategy);
				long started = System.nanoTime();
				Map<String, String> after = strategy.assign(tasks, workers, before);
				long micros = (System.nanoTime() - started) / 1000;
				StepResult result = StepResult.of(step.getKey(), tasks, workers, before, after, micros);
				results.computeIfAbsent(strategy, (s) -> new ArrayList<>()).add(result);
				state.put(strategy, after);
				table.row(step.getKey(), workers.size(), strategy.name(), result.moved(), result.placed(),
						result.lowerBound(), result.ratio(), MarkdownTable.format(result.maxOverMean(), 3),
						result.balanced() ? "yes" : "**no**");
			}
		}
		StringBuilder md = new StringBuilder();
		md.append("Scenario: ").append(TASKS).append(" tasks of equal weight, ").append(WORKERS)
			.append(" workers of capacity 1, then the steps below, each from the previous one. Every strategy keeps its "
					+ "own assignment from step to step. *moved*: tasks that were on a worker still present and are now "
					+ "on another; *placed*: tasks whose worker left (or that had none); *lower bound*: the fewest moves of "
					+ "any plan that restores balance from that strategy's previous assignment "
					+ "(`AssignmentPlanner.minimumMoves`); *max load / mean load*: the fullest worker's load over its "
					+ "capacity-proportional share (1.000 is perfect); *balanced*: every worker within one task of its "
					+ "share (the floor or the ceiling). Baselines take capacity into account: modulo and round-robin "
					+ "repeat a worker `capacity` times in the slot list, the ring gives it `100 × capacity` virtual "
					+ "nodes, rendezvous uses weighted scores `-capacity / ln(u)`.\n\n");
		md.append(table).append('\n');
		md.append(summary(results)).append('\n');
		Files.writeString(out.resolve("churn.md"), md.toString(), StandardCharsets.UTF_8);
		Goal.write(out.resolve("churn.goals.tsv"), goals(results));
		System.out.println(md);
	}

	/** The scenario: each step turns the workers before it into the workers after it. */
	static Map<String, UnaryOperator<List<Worker>>> steps() {
		Map<String, UnaryOperator<List<Worker>>> steps = new LinkedHashMap<>();
		steps.put("start: 50 workers", (none) -> IntStream.rangeClosed(1, WORKERS).mapToObj(ChurnComparison::worker).toList());
		steps.put("one joins", (workers) -> plus(workers, worker(51)));
		steps.put("one leaves gracefully", (workers) -> minus(workers, "worker-17"));
		steps.put("three crash", (workers) -> minus(workers, "worker-05", "worker-23", "worker-42"));
		steps.put("five join at once", (workers) -> plus(workers, worker(52), worker(53), worker(54), worker(55), worker(56)));
		steps.put("capacities made unequal (1, 2, 3)", (workers) -> IntStream.range(0, workers.size())
			.mapToObj((i) -> new Worker(workers.get(i).id(), 1 + i % 3))
			.toList());
		return steps;
	}

	private static Worker worker(int index) {
		return new Worker(String.format("worker-%02d", index), 1);
	}

	private static List<Worker> plus(List<Worker> workers, Worker... joined) {
		List<Worker> all = new ArrayList<>(workers);
		all.addAll(List.of(joined));
		return all;
	}

	private static List<Worker> minus(List<Worker> workers, String... left) {
		List<String> gone = List.of(left);
		return workers.stream().filter((worker) -> !gone.contains(worker.id())).toList();
	}

	private static String summary(Map<Strategy, List<StepResult>> results) {
		MarkdownTable table = new MarkdownTable("strategy", "moved (all steps)", "lower bound (all steps)",
				"steps over the lower bound", "steps unbalanced", "worst max / mean", "time per step (ms)");
		results.forEach((strategy, steps) -> {
			table.row(strategy.name(), steps.stream().mapToInt(StepResult::moved).sum(),
					steps.stream().mapToInt(StepResult::lowerBound).sum(),
					steps.stream().filter((step) -> step.moved() > step.lowerBound()).count(),
					steps.stream().filter((step) -> !step.balanced()).count(),
					MarkdownTable.format(steps.stream().mapToDouble(StepResult::maxOverMean).max().orElse(0), 3),
					MarkdownTable.format(steps.stream().mapToLong(StepResult::micros).average().orElse(0) / 1000.0, 1));
		});
		return "Totals over the steps:\n\n" + table;
	}

	private static List<Goal> goals(Map<Strategy, List<StepResult>> results) {
		List<Goal> goals = new ArrayList<>();
		Map<String, String> baselineLosses = new HashMap<>();
		List<StepResult> coord = null;
		for (Map.Entry<Strategy, List<StepResult>> entry : results.entrySet()) {
			if (entry.getKey() instanceof CoordPlanner) {
				coord = entry.getValue();
				continue;
			}
			long over = entry.getValue().stream().filter((step) -> step.moved() > step.lowerBound()).count();
			long unbalanced = entry.getValue().stream().filter((step) -> !step.balanced()).count();
			baselineLosses.put(entry.getKey().name(), (over + unbalanced > 0)
					? "loses (" + over + " steps over the bound, " + unbalanced + " unbalanced)" : "never loses");
		}
		long coordOver = coord.stream().filter((step) -> step.moved() != step.lowerBound()).count();
		long coordUnbalanced = coord.stream().filter((step) -> !step.balanced()).count();
		int moved = coord.stream().mapToInt(StepResult::moved).sum();
		int bound = coord.stream().mapToInt(StepResult::lowerBound).sum();
		goals.add(new Goal("Churn and balance", "coord moves exactly the lower bound at every step",
				moved + " moves for a lower bound of " + bound + "; " + coordOver + " of " + coord.size()
						+ " steps differ",
				coordOver == 0, "see the churn table"));
		goals.add(new Goal("Churn and balance", "coord is perfectly balanced at every step",
				coordUnbalanced + " unbalanced steps; worst max / mean "
						+ MarkdownTable.format(coord.stream().mapToDouble(StepResult::maxOverMean).max().orElse(0), 3),
				coordUnbalanced == 0, "see the churn table"));
		boolean allLose = baselineLosses.values().stream().allMatch((loss) -> loss.startsWith("loses"));
		goals.add(new Goal("Churn and balance", "every baseline loses on moves or balance",
				String.join("; ", baselineLosses.entrySet().stream().map((e) -> e.getKey() + " " + e.getValue()).sorted().toList()),
				allLose, "see the churn table"));
		return goals;
	}

}
