package dev.coord.core.etcd;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.coord.benchmarks.etcd.CpuClock;
import dev.coord.core.CoordListener;
import dev.coord.core.CoordObserver;
import dev.coord.core.CoordSettings;
import dev.coord.core.Keyspace;
import dev.coord.core.etcd.Records.MemberValue;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.PutOption;
import tools.jackson.databind.json.JsonMapper;

import static dev.coord.core.etcd.BenchSupport.bytes;
import static dev.coord.core.etcd.BenchSupport.get;

/**
 * The leader alone, in a JVM of its own so that its heap and CPU are its own: one engine that may lead and
 * takes no tasks, on a cluster whose tasks and member registrations the parent wrote. It measures, in turn:
 * the initial placement of every task, the heap it keeps afterwards, its CPU while nothing changes (which
 * includes the periodic re-list), a member leaving and a member joining.
 * <p>
 * Usage: {@code LeaderProbe <endpoint> <cluster> <tasks> <members> <result.json>}.
 */
public final class LeaderProbe {

	private static final Duration IDLE_WINDOW = Duration.ofSeconds(35);

	private record Round(long at, Duration duration, int moves, int placements) {
	}

	private LeaderProbe() {
	}

	public static void main(String[] args) throws Exception {
		String endpoint = args[0];
		String cluster = args[1];
		int tasks = Integer.parseInt(args[2]);
		int members = Integer.parseInt(args[3]);
		Path result = Path.of(args[4]);
		Map<String, Object> out = new LinkedHashMap<>();
		BlockingQueue<Round> rounds = new LinkedBlockingQueue<>();
		long[] grantedAt = { 0 };
		CoordObserver observer = new CoordObserver() {
			@Override
			public void rebalanced(Duration duration, int moves, int placements) {
				rounds.add(new Round(System.nanoTime(), duration, moves, placements));
			}
		};
		CoordListener listener = new CoordListener() {
			@Override
			public void leadershipGranted(long epoch) {
				grantedAt[0] = System.nanoTime();
			}
		};
		try (Client client = Client.builder().endpoints(endpoint).build()) {
			get(client.getKVClient().get(bytes("/")));
			long baselineHeap = heapAfterGc();
			out.put("baselineHeapMb", baselineHeap / 1e6);
			CoordSettings defaults = CoordSettings.defaults(cluster, "leader-probe");
			CoordSettings settings = new CoordSettings(defaults.namespace(), cluster, "leader-probe", defaults.leaseTtl(),
					defaults.renewDeadline(), defaults.revokeTimeout(), 0, Map.of(), false, defaults.listenerThreads(), true,
					defaults.rebalanceInterval(), defaults.rebalanceDebounce(), 0, defaults.maxTxnOps(),
					defaults.maxPayload(), defaults.drainTimeout(), defaults.requestTimeout());
			Keyspace keyspace = new Keyspace(settings.prefix());
			EtcdCoordEngine engine = new EtcdCoordEngine(client, settings, listener, observer);
			long cpu = CpuClock.thisProcessMillis();
			long gc = gcMillis();
			long started = System.nanoTime();
			engine.start();
			int placed = 0;
			int initialRounds = 0;
			long slowest = 0;
			Round last = null;
			while (placed < tasks) {
				last = rounds.poll(120, TimeUnit.SECONDS);
				if (last == null) {
					throw new IllegalStateException("No rebalance within 120 s; placed " + placed + " of " + tasks);
				}
				placed += last.placements;
				initialRounds++;
				slowest = Math.max(slowest, last.duration.toMillis());
			}
			out.put("leaderAfterMs", (grantedAt[0] - started) / 1e6);
			out.put("placedAfterMs", (last.at - started) / 1e6);
			out.put("initialRounds", initialRounds);
			out.put("initialRoundMs", slowest);
			out.put("initialCpuMs", CpuClock.thisProcessMillis() - cpu);
			out.put("initialGcMs", gcMillis() - gc);
			BenchSupport.sleep(Duration.ofSeconds(3));
			rounds.clear();
			long retained = heapAfterGc();
			out.put("retainedHeapMb", retained / 1e6);
			out.put("retainedBytesPerTask", (double) (retained - baselineHeap) / tasks);
			cpu = CpuClock.thisProcessMillis();
			gc = gcMillis();
			BenchSupport.sleep(IDLE_WINDOW);
			out.put("idleWindowS", IDLE_WINDOW.toSeconds());
			out.put("idleCpuMs", CpuClock.thisProcessMillis() - cpu);
			out.put("idleGcMs", gcMillis() - gc);
			out.put("idleRounds", rounds.size());
			rounds.clear();
			// a member leaves: its tasks are orphans, placed at once
			String leaving = String.format("m-%03d", members - 1);
			cpu = CpuClock.thisProcessMillis();
			started = System.nanoTime();
			get(client.getKVClient().delete(bytes(keyspace.member(leaving))));
			Round leave = rounds.poll(60, TimeUnit.SECONDS);
			out.put("leaveAfterMs", (leave.at - started) / 1e6);
			out.put("leaveRoundMs", leave.duration.toMillis());
			out.put("leavePlacements", leave.placements);
			out.put("leaveMoves", leave.moves);
			out.put("leaveCpuMs", CpuClock.thisProcessMillis() - cpu);
			BenchSupport.sleep(Duration.ofSeconds(2));
			rounds.clear();
			// a member joins: tasks move to it after the debounce
			long lease = get(client.getLeaseClient().grant(3600)).getID();
			String joining = String.format("m-%03d", members);
			cpu = CpuClock.thisProcessMillis();
			started = System.nanoTime();
			get(client.getKVClient()
				.put(bytes(keyspace.member(joining)), io.etcd.jetcd.ByteSequence.from(Json.write(memberValue(joining))),
						PutOption.builder().withLeaseId(lease).build()));
			Round join = rounds.poll(60, TimeUnit.SECONDS);
			out.put("joinAfterMs", (join.at - started) / 1e6);
			out.put("joinRoundMs", join.duration.toMillis());
			out.put("joinMoves", join.moves);
			out.put("joinCpuMs", CpuClock.thisProcessMillis() - cpu);
			BenchSupport.sleep(Duration.ofSeconds(2));
			out.put("finalHeapMb", heapAfterGc() / 1e6);
			out.put("maxHeapMb", Runtime.getRuntime().maxMemory() / 1e6);
			out.put("processCpuMs", CpuClock.thisProcessMillis());
			engine.crash();
			get(client.getLeaseClient().revoke(lease));
		}
		Files.writeString(result, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(out));
		System.exit(0);
	}

	static MemberValue memberValue(String id) {
		return new MemberValue(id, "bench-host", 0, 1, Map.of(), MemberValue.ACTIVE, System.currentTimeMillis(), "bench");
	}

	private static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			BenchSupport.sleep(Duration.ofMillis(200));
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static long gcMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionTime)
			.sum();
	}

}
