package dev.coord.core.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.coord.benchmarks.etcd.CpuClock;
import dev.coord.benchmarks.etcd.EtcdMetrics;
import dev.coord.benchmarks.etcd.EtcdServer;
import dev.coord.benchmarks.etcd.ThreadCpu;
import dev.coord.benchmarks.report.Goal;
import dev.coord.benchmarks.report.MarkdownTable;
import dev.coord.core.CoordSettings;
import dev.coord.core.Keyspace;
import io.etcd.jetcd.Client;

import static dev.coord.benchmarks.report.MarkdownTable.format;
import static dev.coord.core.etcd.BenchSupport.millis;

/**
 * Cold start: 10 000 tasks are defined in etcd; 20 members, each with its own jetcd client and the default
 * settings, are started at the same instant. Measures the time until every task runs somewhere, until they
 * are balanced (500 each), and what etcd was asked to write meanwhile.
 */
final class ColdStartBenchmark {

	static final String CLUSTER = "bench-coldstart";

	private final EtcdServer etcd;

	private final int tasks;

	private final int members;

	private java.util.Map<String, Long> threadCpu = java.util.Map.of();

	private String limit = "";

	ColdStartBenchmark(EtcdServer etcd, int tasks, int members) {
		this.etcd = etcd;
		this.tasks = tasks;
		this.members = members;
	}

	Section run(Client admin) throws Exception {
		Keyspace keyspace = new Keyspace(CoordSettings.defaults(CLUSTER, "x").prefix());
		BenchSupport.putTasks(admin, keyspace, "task-", this.tasks);
		BenchRecorder recorder = new BenchRecorder();
		List<TestMember> started = new ArrayList<>();
		for (int i = 1; i <= this.members; i++) {
			started.add(BenchSupport.member(this.etcd.endpoint(),
					CoordSettings.defaults(CLUSTER, String.format("c-%02d", i)), recorder));
		}
		EtcdMetrics before = EtcdMetrics.scrape(this.etcd);
		long cpuBefore = CpuClock.thisProcessMillis();
		long etcdCpuBefore = CpuClock.processMillis(this.etcd.pid());
		long machineBefore = CpuClock.machineBusyMillis();
		java.util.Map<String, Long> threadsBefore = ThreadCpu.byKind();
		long startedAt = System.nanoTime();
		started.forEach(TestMember::start);
		long[] ownedAt = { 0 };
		int share = this.tasks / this.members;
		long balancedAt = BenchSupport.awaitNanos("10 000 tasks balanced over 20 members", Duration.ofSeconds(180), () -> {
			if (ownedAt[0] == 0 && recorder.owned() == this.tasks) {
				ownedAt[0] = System.nanoTime();
			}
			return recorder.owned() == this.tasks
					&& started.stream().allMatch((member) -> recorder.loadOf(member.id()) == share);
		});
		long wallMs = (System.nanoTime() - startedAt) / 1_000_000;
		long cpuMs = CpuClock.thisProcessMillis() - cpuBefore;
		long etcdCpuMs = CpuClock.processMillis(this.etcd.pid()) - etcdCpuBefore;
		long machineMs = CpuClock.machineBusyMillis() - machineBefore;
		this.threadCpu = ThreadCpu.since(threadsBefore, ThreadCpu.byKind());
		EtcdMetrics writes = awaitQuiet(before);
		long starts = recorder.assignments();
		started.forEach(TestMember::crash);
		BenchSupport.deletePrefix(admin, keyspace.prefix());
		return report(millis(ownedAt[0] - startedAt), millis(balancedAt - startedAt), writes, starts, wallMs, cpuMs,
				etcdCpuMs, machineMs);
	}

	/** Waits until etcd's committed proposals stop growing for a second, and returns the writes since {@code before}. */
	private EtcdMetrics awaitQuiet(EtcdMetrics before) throws Exception {
		EtcdMetrics last = EtcdMetrics.scrape(this.etcd);
		for (int i = 0; i < 20; i++) {
			BenchSupport.sleep(Duration.ofSeconds(1));
			EtcdMetrics now = EtcdMetrics.scrape(this.etcd);
			if (now.proposals() == last.proposals()) {
				return now.since(before);
			}
			last = now;
		}
		return last.since(before);
	}

	private Section report(double ownedMs, double balancedMs, EtcdMetrics writes, long starts, long wallMs, long cpuMs,
			long etcdCpuMs, long machineMs) {
		double perTask = writes.writeRequests() / this.tasks;
		MarkdownTable times = new MarkdownTable("measure", "value");
		times.row("all " + this.tasks + " tasks running (each on one member)", format(ownedMs, 0) + " ms");
		times.row("balanced: every member runs " + this.tasks / this.members, format(balancedMs, 0) + " ms");
		times.row("assigned listeners started (a task that moved during start-up starts twice)", starts);
		times.row("CPU used, benchmark JVM (20 members) / etcd / whole machine, start → balanced",
				cpuMs + " / " + etcdCpuMs + " / " + machineMs + " ms over " + wallMs + " ms of wall time (2 cores)");
		MarkdownTable requests = new MarkdownTable("etcd write requests (start → quiet)", "count", "per task");
		requests.row("Txn", format(writes.txn(), 0), format(writes.txn() / this.tasks, 3));
		requests.row("Put", format(writes.put(), 0), format(writes.put() / this.tasks, 3));
		requests.row("DeleteRange", format(writes.deleteRange(), 0), format(writes.deleteRange() / this.tasks, 3));
		requests.row("LeaseGrant + LeaseRevoke", format(writes.leaseGrant() + writes.leaseRevoke(), 0),
				format((writes.leaseGrant() + writes.leaseRevoke()) / this.tasks, 3));
		requests.row("**all write requests**", format(writes.writeRequests(), 0), format(perTask, 3));
		requests.row("raft proposals committed", format(writes.proposals(), 0), format(writes.proposals() / this.tasks, 3));
		requests.row("keys written (puts inside txns count one each)", format(writes.keysPut(), 0),
				format(writes.keysPut() / this.tasks, 3));
		requests.row("keys deleted", format(writes.keysDeleted(), 0), format(writes.keysDeleted() / this.tasks, 3));
		MarkdownTable threads = new MarkdownTable("CPU of the benchmark JVM's threads, start → balanced", "ms");
		this.threadCpu.entrySet()
			.stream()
			.sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
			.forEach((entry) -> threads.row(entry.getKey(), entry.getValue()));
		this.limit = "the write count is already the minimum (" + format(perTask, 2) + " requests per task), so etcd's "
				+ "write capacity is not the limit. CPU is: start → balanced, the 20 members used " + cpuMs
				+ " ms of CPU and etcd " + etcdCpuMs + " ms in " + wallMs + " ms of wall time on 2 cores, and the whole "
				+ "machine was " + format(100.0 * machineMs / (2 * wallMs), 0) + " % busy (other tenants included). "
				+ "Of the members' CPU, the engine loop threads took " + this.threadCpu.entrySet()
					.stream()
					.filter((entry) -> entry.getKey().startsWith("engine loops"))
					.mapToLong(java.util.Map.Entry::getValue)
					.sum()
				+ " ms: every member watches the whole cluster prefix and, on its single loop thread, applies each "
				+ "watch response and reconciles all its tasks once per burst of responses (TaskWorker.reconcile: "
				+ "O(tasks held)), claiming what it finds in batches of nested transactions on that same thread";
		String markdown = this.tasks + " tasks are defined before the clock starts; then " + this.members
				+ " members (engines with their own jetcd clients and the default settings, all in the benchmark JVM) "
				+ "are started at the same instant. Write requests are counted from etcd's `/metrics` "
				+ "(`grpc_server_handled_total` by method, `etcd_server_proposals_committed_total`, "
				+ "`etcd_mvcc_put_total`, `etcd_mvcc_delete_total`) between the start and the moment etcd's "
				+ "proposals stop growing after balance. The least a cold start can cost is one assignment per task "
				+ "(a key in a leader txn of up to 127) and one claim txn per task: about 1.01 write requests and "
				+ "2 keys written per task.\n\n" + times + "\n" + requests + "\n" + threads;
		List<Goal> goals = List.of(new Goal("Cold start",
				String.format("%,d tasks × %d members: every task running in under 10 s", this.tasks, this.members)
					.replace(',', ' '),
				format(ownedMs / 1000, 1) + " s to all running, " + format(balancedMs / 1000, 1) + " s to balanced; "
						+ format(perTask, 2) + " write requests per task",
				ownedMs < 10_000, this.limit));
		return new Section("Cold start", markdown, goals);
	}

}
