package dev.coord.core.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.coord.benchmarks.etcd.Latencies;
import dev.coord.benchmarks.report.Goal;
import dev.coord.benchmarks.report.MarkdownTable;
import dev.coord.core.CoordSettings;
import dev.coord.core.Keyspace;
import io.etcd.jetcd.Client;

import static dev.coord.benchmarks.report.MarkdownTable.format;
import static dev.coord.core.etcd.BenchSupport.awaitNanos;
import static dev.coord.core.etcd.BenchSupport.millis;

/**
 * Graceful handoffs, many of them: four members share 200 tasks; a fifth member joins (the leader moves 40
 * tasks to it: each old owner revokes, releases, and the new one claims) and then leaves gracefully (its 40
 * tasks go back), cycle after cycle. Every member runs with the default settings.
 */
final class HandoffBenchmark {

	static final String CLUSTER = "bench-handoff";

	private static final int BASE_MEMBERS = 4;

	private static final int TASKS = 200;

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final String endpoint;

	private final int cycles;

	private final BenchRecorder recorder = new BenchRecorder();

	private final Latencies joinToBalanced = new Latencies();

	private final Latencies leaveDuration = new Latencies();

	HandoffBenchmark(String endpoint, int cycles) {
		this.endpoint = endpoint;
		this.cycles = cycles;
	}

	Section run(Client admin, FloorBenchmark floor) {
		Keyspace keyspace = new Keyspace(CoordSettings.defaults(CLUSTER, "x").prefix());
		BenchSupport.putTasks(admin, keyspace, "task-", TASKS);
		List<BenchMember> base = new ArrayList<>();
		for (int i = 1; i <= BASE_MEMBERS; i++) {
			base.add(member("h-" + i).start());
		}
		awaitBalanced(base, null);
		this.recorder.reassignedGaps().clear();
		this.recorder.shutdownGaps().clear();
		for (int cycle = 1; cycle <= this.cycles; cycle++) {
			BenchMember joiner = member("h-join-" + cycle);
			long started = System.nanoTime();
			joiner.start();
			this.joinToBalanced.add(awaitBalanced(base, joiner) - started);
			started = System.nanoTime();
			joiner.close();
			this.leaveDuration.add(awaitBalanced(base, null) - started);
		}
		base.forEach(BenchMember::close);
		BenchSupport.deletePrefix(admin, keyspace.prefix());
		return report(floor);
	}

	private BenchMember member(String id) {
		return new BenchMember(this.endpoint, CoordSettings.defaults(CLUSTER, id), this.recorder);
	}

	/** Waits until every task runs, spread evenly over the base members and the joiner, if any. */
	private long awaitBalanced(List<BenchMember> base, BenchMember joiner) {
		int members = base.size() + ((joiner != null) ? 1 : 0);
		int share = TASKS / members;
		return awaitNanos("200 tasks balanced over " + members + " members", TIMEOUT, () -> {
			if (this.recorder.owned() != TASKS) {
				return false;
			}
			for (BenchMember member : base) {
				if (this.recorder.loadOf(member.id()) != share) {
					return false;
				}
			}
			return joiner == null || this.recorder.loadOf(joiner.id()) == share;
		});
	}

	private Section report(FloorBenchmark floor) {
		Latencies all = new Latencies();
		List<Latencies> parts = List.of(this.recorder.reassignedGaps(), this.recorder.shutdownGaps());
		MarkdownTable table = new MarkdownTable("moves", "count", "p50 (ms)", "p99 (ms)", "max (ms)",
				"p50 / put p50", "p99 / put p99");
		String[] names = { "to a member that joined (revoke reason REASSIGNED)",
				"from a member that left gracefully (SHUTDOWN)" };
		for (int i = 0; i < parts.size(); i++) {
			Latencies part = parts.get(i);
			row(table, names[i], part, floor);
			part.forEach(all::add);
		}
		row(table, "**all graceful moves**", all, floor);
		MarkdownTable cycleTable = new MarkdownTable("cycle step", "count", "p50 (ms)", "max (ms)");
		cycleTable.row("5th member starts → 200 tasks balanced over 5", this.joinToBalanced.count(),
				format(this.joinToBalanced.p50(), 0), format(this.joinToBalanced.max(), 0));
		cycleTable.row("5th member's close() → 200 tasks balanced over 4", this.leaveDuration.count(),
				format(this.leaveDuration.p50(), 0), format(this.leaveDuration.max(), 0));
		String markdown = "Four members share 200 tasks; a fifth member joins (the leader moves 40 tasks to it after "
				+ "the 250 ms debounce) and leaves gracefully (its 40 tasks go back), " + this.cycles
				+ " times. Every member is an engine with its own jetcd client and the default settings. The gap of a "
				+ "move runs from the old owner's revoked listener returning to the new owner's assigned listener "
				+ "starting (one clock: all members run in the benchmark JVM). Tasks started on a member while "
				+ "another live member still ran them: **" + this.recorder.overlaps() + "**.\n\n" + table + "\n"
				+ cycleTable;
		double p99 = all.p99();
		double ratio = p99 / floor.put.p99();
		List<Goal> goals = List.of(
				new Goal("Graceful handoff", "gap p99 under 100 ms", format(p99, 1) + " ms (p50 " + format(all.p50(), 1)
						+ " ms, " + all.count() + " moves)", p99 < 100, HandoffLimits.explain(this.recorder, floor)),
				new Goal("Graceful handoff", "gap p99 within 10× the put floor",
						format(ratio, 1) + "× (gap p99 " + format(p99, 1) + " ms / put p99 " + format(floor.put.p99(), 2)
								+ " ms; p50 ratio " + format(all.p50() / floor.put.p50(), 1) + "×)",
						ratio <= 10, HandoffLimits.explain(this.recorder, floor)));
		return new Section("Graceful handoff gap", markdown, goals);
	}

	private static void row(MarkdownTable table, String name, Latencies gaps, FloorBenchmark floor) {
		table.row(name, gaps.count(), format(gaps.p50(), 1), format(gaps.p99(), 1), format(gaps.max(), 1),
				format(gaps.p50() / floor.put.p50(), 1) + "×", format(gaps.p99() / floor.put.p99(), 1) + "×");
	}

}
