package dev.coord.core.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.coord.benchmarks.etcd.CpuClock;
import dev.coord.benchmarks.etcd.Latencies;
import dev.coord.benchmarks.etcd.ThreadCpu;
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

	private final int singleMoves;

	private List<Latencies> batchParts = List.of();

	private List<Latencies> singleParts = List.of();

	private long cyclesWallMs;

	private long machineBusyMs;

	private java.util.Map<String, Long> threadCpu = java.util.Map.of();

	HandoffBenchmark(String endpoint, int cycles, int singleMoves) {
		this.endpoint = endpoint;
		this.cycles = cycles;
		this.singleMoves = singleMoves;
	}

	Section run(Client admin, FloorBenchmark floor) {
		Keyspace keyspace = new Keyspace(CoordSettings.defaults(CLUSTER, "x").prefix());
		BenchSupport.putTasks(admin, keyspace, "task-", TASKS);
		GapBreakdown breakdown = new GapBreakdown(admin, keyspace.prefix() + Keyspace.OWNERS);
		List<TestMember> base = new ArrayList<>();
		for (int i = 1; i <= BASE_MEMBERS; i++) {
			base.add(member(CLUSTER, "h-" + i, this.recorder).start());
		}
		awaitBalanced(base, null);
		this.recorder.reassignedGaps().clear();
		this.recorder.shutdownGaps().clear();
		int firstMove = this.recorder.moves().size();
		java.util.Map<String, Long> threadsBefore = ThreadCpu.byKind();
		long machineBefore = CpuClock.machineBusyMillis();
		long cyclesStarted = System.nanoTime();
		for (int cycle = 1; cycle <= this.cycles; cycle++) {
			TestMember joiner = member(CLUSTER, "h-join-" + cycle, this.recorder);
			long started = System.nanoTime();
			joiner.start();
			this.joinToBalanced.add(awaitBalanced(base, joiner) - started);
			started = System.nanoTime();
			joiner.close();
			this.leaveDuration.add(awaitBalanced(base, null) - started);
		}
		this.cyclesWallMs = (System.nanoTime() - cyclesStarted) / 1_000_000;
		this.machineBusyMs = CpuClock.machineBusyMillis() - machineBefore;
		this.threadCpu = ThreadCpu.since(threadsBefore, ThreadCpu.byKind());
		Latencies reassigned = copy(this.recorder.reassignedGaps());
		Latencies shutdown = copy(this.recorder.shutdownGaps());
		List<BenchRecorder.Move> moves = this.recorder.moves();
		this.batchParts = breakdown.split(moves.subList(firstMove, moves.size()));
		breakdown.close();
		base.forEach(TestMember::close);
		BenchSupport.deletePrefix(admin, keyspace.prefix());
		Latencies single = singleMoves(admin);
		return report(floor, reassigned, shutdown, single);
	}

	/**
	 * One move at a time: two members and one task; the task's owner leaves gracefully (the task moves to the
	 * other member), and a new member takes its place, again and again. No other handoff runs meanwhile.
	 */
	private Latencies singleMoves(Client admin) {
		String cluster = CLUSTER + "-single";
		Keyspace keyspace = new Keyspace(CoordSettings.defaults(cluster, "x").prefix());
		String task = BenchSupport.putTasks(admin, keyspace, "task-", 1).get(0);
		BenchRecorder single = new BenchRecorder();
		GapBreakdown breakdown = new GapBreakdown(admin, keyspace.prefix() + Keyspace.OWNERS);
		List<TestMember> members = new ArrayList<>(List.of(member(cluster, "s-0", single).start(),
				member(cluster, "s-1", single).start()));
		for (int move = 1; move <= this.singleMoves; move++) {
			awaitNanos("two members seen by both", TIMEOUT, () -> members.stream()
				.allMatch((member) -> member.engine().snapshot().members().stream()
					.filter((seen) -> seen.state().equals("ACTIVE"))
					.count() == 2));
			awaitNanos("the task running", TIMEOUT, () -> single.ownerOf(task) != null);
			TestMember owner = members.stream()
				.filter((member) -> member.id().equals(single.ownerOf(task)))
				.findFirst()
				.orElseThrow();
			owner.close();
			members.remove(owner);
			awaitNanos("the task running on the other member", TIMEOUT,
					() -> members.get(0).id().equals(single.ownerOf(task)));
			members.add(member(cluster, "s-" + (move + 1), single).start());
		}
		Latencies gaps = copy(single.shutdownGaps());
		this.singleParts = breakdown.split(single.moves());
		breakdown.close();
		members.forEach(TestMember::close);
		BenchSupport.deletePrefix(admin, keyspace.prefix());
		return gaps;
	}

	private static Latencies copy(Latencies latencies) {
		Latencies copy = new Latencies();
		latencies.forEach(copy::add);
		return copy;
	}

	private TestMember member(String cluster, String id, BenchRecorder recorder) {
		return BenchSupport.member(this.endpoint, CoordSettings.defaults(cluster, id), recorder);
	}

	/** Waits until every task runs, spread evenly over the base members and the joiner, if any. */
	private long awaitBalanced(List<TestMember> base, TestMember joiner) {
		int members = base.size() + ((joiner != null) ? 1 : 0);
		int share = TASKS / members;
		return awaitNanos("200 tasks balanced over " + members + " members", TIMEOUT, () -> {
			if (this.recorder.owned() != TASKS) {
				return false;
			}
			for (TestMember member : base) {
				if (this.recorder.loadOf(member.id()) != share) {
					return false;
				}
			}
			return joiner == null || this.recorder.loadOf(joiner.id()) == share;
		});
	}

	private Section report(FloorBenchmark floor, Latencies reassigned, Latencies shutdown, Latencies single) {
		Latencies all = new Latencies();
		reassigned.forEach(all::add);
		shutdown.forEach(all::add);
		MarkdownTable table = new MarkdownTable("moves", "count", "p50 (ms)", "p99 (ms)", "max (ms)",
				"p50 / put p50", "p99 / put p99");
		row(table, "to a member that joined (revoke reason REASSIGNED)", reassigned, floor);
		row(table, "from a member that left gracefully (SHUTDOWN)", shutdown, floor);
		row(table, "**all moves of the cycles**", all, floor);
		row(table, "for comparison: one move at a time (2 members, 1 task; its owner leaves)", single, floor);
		MarkdownTable cycleTable = new MarkdownTable("cycle step", "count", "p50 (ms)", "max (ms)");
		cycleTable.row("5th member starts → 200 tasks balanced over 5", this.joinToBalanced.count(),
				format(this.joinToBalanced.p50(), 0), format(this.joinToBalanced.max(), 0));
		cycleTable.row("5th member's close() → 200 tasks balanced over 4", this.leaveDuration.count(),
				format(this.leaveDuration.p50(), 0), format(this.leaveDuration.max(), 0));
		MarkdownTable parts = new MarkdownTable("where the gap goes (p50 / p99, ms)",
				"revoke returned → release applied (old owner)", "release applied → claim applied (new owner)",
				"claim applied → assigned listener starts");
		partRow(parts, "moves of the cycles", this.batchParts);
		partRow(parts, "one move at a time", this.singleParts);
		String markdown = "Four members share 200 tasks; a fifth member joins (the leader moves 40 tasks to it after "
				+ "the 250 ms debounce) and leaves gracefully (its 40 tasks go back), " + this.cycles
				+ " times. Then, apart, " + this.singleMoves + " moves one at a time. Every member is an engine with its own jetcd client and the default settings. The gap of a "
				+ "move runs from the old owner's revoked listener returning to the new owner's assigned listener "
				+ "starting (one clock: all members run in the benchmark JVM). Tasks started on a member while "
				+ "another live member still ran them: **" + this.recorder.overlaps() + "**.\n\n" + table + "\n"
				+ cycleTable + "\nAn extra watch on `owners/` (one more client) stamps when each release and claim was "
				+ "applied, which splits every gap in three:\n\n" + parts + "\n" + cpuTable();
		String limit = limit(single, floor);
		double p99 = all.p99();
		double ratio = p99 / floor.put.p99();
		List<Goal> goals = List.of(
				new Goal("Graceful handoff", "gap p99 under 100 ms", format(p99, 1) + " ms (p50 " + format(all.p50(), 1)
						+ " ms, " + all.count() + " moves)", p99 < 100, limit),
				new Goal("Graceful handoff", "gap p99 within 10× the put floor",
						format(ratio, 1) + "× (gap p99 " + format(p99, 1) + " ms / put p99 " + format(floor.put.p99(), 2)
								+ " ms; p50 ratio " + format(all.p50() / floor.put.p50(), 1) + "×)",
						ratio <= 10, "as for the p99 goal just above"));
		return new Section("Graceful handoff gap", markdown, goals);
	}

	private String cpuTable() {
		MarkdownTable table = new MarkdownTable("CPU during the " + this.cycles + " cycles (" + this.cyclesWallMs
				+ " ms of wall time; the whole machine was " + format(100.0 * this.machineBusyMs / (2 * this.cyclesWallMs), 0)
				+ " % busy, other tenants included)", "ms");
		this.threadCpu.entrySet()
			.stream()
			.sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
			.forEach((entry) -> table.row("benchmark JVM: " + entry.getKey(), entry.getValue()));
		return table.toString();
	}

	private String limit(Latencies single, FloorBenchmark floor) {
		String text = "one move at a time the gap is p50 " + format(single.p50(), 1) + " / p99 " + format(single.p99(), 1)
				+ " ms (" + format(single.p50() / floor.put.p50(), 1) + "× / " + format(single.p99() / floor.put.p99(), 1)
				+ "× the put floor): one release txn, one watch event and one claim txn, as the protocol needs, so etcd "
				+ "and the protocol are not the limit. ";
		if (this.batchParts.size() == 3) {
			text += "In the batches of 40 moves, the old owner's part (revoke returned → release applied) is p50 "
					+ pair(this.batchParts.get(0)) + " ms and the new owner's (release applied → claim applied) "
					+ pair(this.batchParts.get(1)) + " ms (p50 / p99). ";
		}
		text += "During the cycles the machine's 2 cores were " + format(100.0 * this.machineBusyMs / (2 * this.cyclesWallMs), 0)
				+ " % busy. ";
		return text + "Each member sends the releases and claims that one reconcile finds in one request of nested "
				+ "transactions (TaskWorker.release and TaskWorker.claim), from its single loop thread, the thread that "
				+ "also applies every watch event of the cluster: a revoke that returns while that request is out waits "
				+ "for the next one, and on this shared 2-core machine those threads also wait for CPU";
	}

	private static void partRow(MarkdownTable table, String name, List<Latencies> parts) {
		if (parts.size() == 3) {
			table.row(name, pair(parts.get(0)), pair(parts.get(1)), pair(parts.get(2)));
		}
	}

	private static String pair(Latencies latencies) {
		return format(latencies.p50(), 1) + " / " + format(latencies.p99(), 1);
	}

	private static void row(MarkdownTable table, String name, Latencies gaps, FloorBenchmark floor) {
		table.row(name, gaps.count(), format(gaps.p50(), 1), format(gaps.p99(), 1), format(gaps.max(), 1),
				format(gaps.p50() / floor.put.p50(), 1) + "×", format(gaps.p99() / floor.put.p99(), 1) + "×");
	}

}
