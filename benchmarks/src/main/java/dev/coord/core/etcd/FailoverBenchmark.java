package dev.coord.core.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.coord.benchmarks.report.Goal;
import dev.coord.benchmarks.report.MarkdownTable;
import dev.coord.core.CoordSettings;
import dev.coord.core.Keyspace;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;

import static dev.coord.benchmarks.report.MarkdownTable.format;
import static dev.coord.core.etcd.BenchSupport.awaitNanos;
import static dev.coord.core.etcd.BenchSupport.bytes;
import static dev.coord.core.etcd.BenchSupport.millis;

/**
 * Crash failover: four members share 200 tasks with the default lease TTL (10 s); one is killed (see
 * {@link TestMember#crash()}), and the clock runs until every task it ran has started on another member. The
 * last trial kills the coord leader, which adds an election. After each trial a new member takes the dead
 * one's place.
 */
final class FailoverBenchmark {

	static final String CLUSTER = "bench-failover";

	private static final int MEMBERS = 4;

	private static final int TASKS = 200;

	private final String endpoint;

	private final int trials;

	private final BenchRecorder recorder = new BenchRecorder();

	private final Map<String, Long> memberKeyDeletedAt = new ConcurrentHashMap<>();

	private record Trial(String role, int tasks, double sinceRenewalMs, double expiredAfterMs, double ownedAfterMs) {
	}

	FailoverBenchmark(String endpoint, int trials) {
		this.endpoint = endpoint;
		this.trials = trials;
	}

	Section run(Client admin) {
		CoordSettings defaults = CoordSettings.defaults(CLUSTER, "x");
		Duration ttl = defaults.leaseTtl();
		Keyspace keyspace = new Keyspace(defaults.prefix());
		BenchSupport.putTasks(admin, keyspace, "task-", TASKS);
		List<Trial> results = new ArrayList<>();
		String membersPrefix = keyspace.prefix() + Keyspace.MEMBERS;
		try (Watch.Watcher watch = admin.getWatchClient()
			.watch(bytes(membersPrefix), WatchOption.builder().isPrefix(true).build(), (response) -> {
				long now = System.nanoTime();
				for (WatchEvent event : response.getEvents()) {
					if (event.getEventType() == WatchEvent.EventType.DELETE) {
						String key = event.getKeyValue().getKey().toString(java.nio.charset.StandardCharsets.UTF_8);
						this.memberKeyDeletedAt.put(key.substring(membersPrefix.length()), now);
					}
				}
			})) {
			List<TestMember> members = new ArrayList<>();
			for (int i = 1; i <= MEMBERS; i++) {
				members.add(member("f-" + i).start());
			}
			for (int trial = 1; trial <= this.trials; trial++) {
				awaitBalanced(members);
				boolean killLeader = trial == this.trials;
				TestMember victim = members.stream()
					.filter((member) -> member.engine().snapshot().leader() == killLeader)
					.findFirst()
					.orElseThrow();
				Set<String> tasks = this.recorder.owners()
					.entrySet()
					.stream()
					.filter((entry) -> entry.getValue().equals(victim.id()))
					.map(Map.Entry::getKey)
					.collect(Collectors.toSet());
				Duration sinceRenewal = victim.engine().status().sinceLastRenewal();
				long crashedAt = System.nanoTime();
				victim.crash();
				long ownedAt = awaitNanos("the tasks of crashed " + victim.id() + " to run elsewhere",
						ttl.multipliedBy(3), () -> tasks.stream().allMatch((task) -> {
							String owner = this.recorder.ownerOf(task);
							return owner != null && !owner.equals(victim.id());
						}));
				Long expiredAt = this.memberKeyDeletedAt.get(victim.id());
				results.add(new Trial(killLeader ? "coord leader" : "member", tasks.size(),
						(sinceRenewal != null) ? sinceRenewal.toNanos() / 1e6 : Double.NaN,
						(expiredAt != null) ? millis(expiredAt - crashedAt) : Double.NaN, millis(ownedAt - crashedAt)));
				members.remove(victim);
				members.add(member("f-new-" + trial).start());
			}
			members.forEach(TestMember::close);
		}
		BenchSupport.deletePrefix(admin, keyspace.prefix());
		return report(results, ttl);
	}

	private TestMember member(String id) {
		return BenchSupport.member(this.endpoint, CoordSettings.defaults(CLUSTER, id), this.recorder);
	}

	private void awaitBalanced(List<TestMember> members) {
		awaitNanos("200 tasks balanced over 4 members", Duration.ofSeconds(60), () -> this.recorder.owned() == TASKS
				&& members.stream().allMatch((member) -> this.recorder.loadOf(member.id()) == TASKS / MEMBERS));
	}

	private Section report(List<Trial> trials, Duration ttl) {
		MarkdownTable table = new MarkdownTable("trial", "killed", "its tasks", "last renewal before the kill (ms)",
				"lease expired (member key deleted) after (ms)", "all its tasks running again after (ms)",
				"within TTL + 1 s");
		double limit = ttl.toMillis() + 1000;
		double worst = 0;
		Trial worstTrial = trials.get(0);
		for (int i = 0; i < trials.size(); i++) {
			Trial trial = trials.get(i);
			if (trial.ownedAfterMs >= worst) {
				worst = trial.ownedAfterMs;
				worstTrial = trial;
			}
			table.row(i + 1, trial.role, trial.tasks, format(trial.sinceRenewalMs, 0), format(trial.expiredAfterMs, 0),
					format(trial.ownedAfterMs, 0), (trial.ownedAfterMs <= limit) ? "yes" : "**no**");
		}
		String markdown = "Four members share 200 tasks with the default settings (lease TTL " + ttl.toSeconds()
				+ " s, renewals every renew-deadline / 4 = " + ttl.dividedBy(8).toMillis()
				+ " ms). A member is killed as by `kill -9`: `EtcdCoordEngine.crash()` stops every engine thread at "
				+ "once and its jetcd client is closed, so nothing more reaches etcd from it and its lease runs out by "
				+ "itself. The clock starts just before the kill and stops when the last of its tasks has started on "
				+ "another member. The lease can only expire a TTL after the last renewal etcd received, so the "
				+ "floor of a failover is TTL minus the time since that renewal.\n\n" + table;
		List<Goal> goals = List.of(new Goal("Crash failover", "all tasks of a killed member running again within TTL + 1 s ("
				+ format(limit / 1000, 0) + " s)", "worst of " + trials.size() + " trials " + format(worst, 0) + " ms",
				worst <= limit, "in the worst trial the " + worstTrial.role + "'s last renewal was "
						+ format(worstTrial.sinceRenewalMs, 0) + " ms before the kill, etcd expired its lease (deleted its "
						+ "member key) " + format(worstTrial.expiredAfterMs, 0) + " ms after the kill, and its tasks ran "
						+ "again " + format(worstTrial.ownedAfterMs - worstTrial.expiredAfterMs, 0) + " ms after that"));
		return new Section("Crash failover", markdown, goals);
	}

}
