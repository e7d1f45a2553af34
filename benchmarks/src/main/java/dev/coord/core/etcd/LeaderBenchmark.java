package dev.coord.core.etcd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.coord.benchmarks.etcd.CpuClock;
import dev.coord.benchmarks.etcd.EtcdMetrics;
import dev.coord.benchmarks.etcd.EtcdServer;
import dev.coord.benchmarks.report.Goal;
import dev.coord.benchmarks.report.MarkdownTable;
import dev.coord.core.CoordSettings;
import dev.coord.core.Keyspace;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.PutOption;
import tools.jackson.databind.json.JsonMapper;

import static dev.coord.benchmarks.report.MarkdownTable.format;
import static dev.coord.core.etcd.BenchSupport.bytes;
import static dev.coord.core.etcd.BenchSupport.get;

/**
 * The leader's heap and CPU for 100 000 tasks and 100 members. The members are registrations only: their
 * {@code members/} keys (capacity 1, ACTIVE, on a long lease) are written directly, so no engine claims
 * anything and the only coord process is the leader, run by {@link LeaderProbe} in a JVM of its own.
 */
final class LeaderBenchmark {

	static final String CLUSTER = "bench-leader";

	private final EtcdServer etcd;

	private final int tasks;

	private final int members;

	private final String heap;

	LeaderBenchmark(EtcdServer etcd, int tasks, int members, String heap) {
		this.etcd = etcd;
		this.tasks = tasks;
		this.members = members;
		this.heap = heap;
	}

	@SuppressWarnings("unchecked")
	Section run(Client admin, Path workDir) throws Exception {
		Keyspace keyspace = new Keyspace(CoordSettings.defaults(CLUSTER, "x").prefix());
		long lease = get(admin.getLeaseClient().grant(3600)).getID();
		List<CompletableFuture<?>> registrations = new ArrayList<>();
		for (int i = 0; i < this.members; i++) {
			String id = String.format("m-%03d", i);
			registrations.add(admin.getKVClient()
				.put(bytes(keyspace.member(id)), ByteSequence.from(Json.write(LeaderProbe.memberValue(id))),
						PutOption.builder().withLeaseId(lease).build()));
		}
		registrations.forEach(BenchSupport::get);
		BenchSupport.putTasks(admin, keyspace, "task-", this.tasks);
		Path result = workDir.resolve("leader-probe.json");
		Files.deleteIfExists(result);
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx" + this.heap, "-cp", System.getProperty("java.class.path"), LeaderProbe.class.getName(),
				this.etcd.endpoint(), CLUSTER, Integer.toString(this.tasks), Integer.toString(this.members),
				result.toString());
		EtcdMetrics before = EtcdMetrics.scrape(this.etcd);
		long etcdCpu = CpuClock.processMillis(this.etcd.pid());
		Process probe = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(workDir.resolve("leader-probe.log").toFile())
			.start();
		if (!probe.waitFor(5, TimeUnit.MINUTES) || probe.exitValue() != 0) {
			probe.destroyForcibly();
			throw new IllegalStateException("The leader probe failed; see " + workDir.resolve("leader-probe.log"));
		}
		EtcdMetrics writes = EtcdMetrics.scrape(this.etcd).since(before);
		etcdCpu = CpuClock.processMillis(this.etcd.pid()) - etcdCpu;
		Map<String, Object> probed = JsonMapper.builder().build().readValue(result.toFile(), Map.class);
		get(admin.getLeaseClient().revoke(lease));
		BenchSupport.deletePrefix(admin, keyspace.prefix());
		return report(probed, writes, etcdCpu);
	}

	private Section report(Map<String, Object> p, EtcdMetrics writes, long etcdCpuMs) {
		double idleCpu = number(p, "idleCpuMs") / (number(p, "idleWindowS") * 1000);
		MarkdownTable table = new MarkdownTable("measure", "value");
		table.row("leader elected after start", format(number(p, "leaderAfterMs"), 0) + " ms");
		table.row("initial placement written (start → last placement txn applied)",
				format(number(p, "placedAfterMs"), 0) + " ms, in " + p.get("initialRounds") + " round(s); the round's "
						+ "plan + diff + write took " + p.get("initialRoundMs") + " ms");
		table.row("leader JVM CPU for that (JIT warm-up included)", format(number(p, "initialCpuMs"), 0) + " ms, of "
				+ "which GC " + format(number(p, "initialGcMs"), 0) + " ms");
		table.row("heap after full GC: before the engine / with the view of " + this.tasks + " tasks + "
				+ this.tasks + " assignments", format(number(p, "baselineHeapMb"), 0) + " MB / "
						+ format(number(p, "retainedHeapMb"), 0) + " MB (" + format(number(p, "retainedBytesPerTask"), 0)
						+ " bytes per task), in -Xmx" + this.heap);
		table.row("CPU at rest over " + format(number(p, "idleWindowS"), 0) + " s (one periodic re-list of all keys "
				+ "and re-plan included)", format(number(p, "idleCpuMs"), 0) + " ms = " + format(idleCpu * 100, 1)
						+ " % of one core; GC " + format(number(p, "idleGcMs"), 0) + " ms");
		table.row("a member leaves: delete of its key → its " + format(number(p, "leavePlacements"), 0)
				+ " tasks placed (written)", format(number(p, "leaveAfterMs"), 0) + " ms (plan + diff + write "
						+ format(number(p, "leaveRoundMs"), 0) + " ms); CPU " + format(number(p, "leaveCpuMs"), 0) + " ms");
		table.row("a member joins: put of its key → " + format(number(p, "joinMoves"), 0) + " tasks moved to it "
				+ "(written; 250 ms debounce included)", format(number(p, "joinAfterMs"), 0) + " ms (plan + diff + write "
						+ format(number(p, "joinRoundMs"), 0) + " ms); CPU " + format(number(p, "joinCpuMs"), 0) + " ms");
		table.row("etcd write requests during the probe (Txn)", format(writes.txn(), 0) + " txns for "
				+ format(writes.keysPut(), 0) + " keys written");
		table.row("etcd CPU during the probe", etcdCpuMs + " ms");
		String markdown = "One engine that may lead and takes no tasks runs alone in a JVM of its own (`-Xmx" + this.heap
				+ "`, default GC, default settings); the " + this.members + " members are registrations written "
				+ "directly (`members/m-000…`, capacity 1, ACTIVE, on a long lease) so that nothing else runs coord "
				+ "code, and the " + this.tasks + " tasks exist before it starts. What is measured is the leader's own "
				+ "work: listing and watching the keyspace, planning, and writing assignments in fenced txns of up to "
				+ "127 puts; nobody claims. CPU is the leader JVM's process CPU time (all its threads: engine, jetcd, "
				+ "Netty, GC, JIT); heap is the used heap after `System.gc()`.\n\n" + table;
		// The issue sets no goal here: the figures are reported, not judged.
		List<Goal> goals = List.of();
		return new Section("The leader at " + this.tasks + " tasks × " + this.members + " members", markdown, goals);
	}

	private static double number(Map<String, Object> probed, String key) {
		Object value = probed.get(key);
		return (value instanceof Number number) ? number.doubleValue() : Double.NaN;
	}

}
