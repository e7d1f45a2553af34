package dev.coord.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A schedule of fault episodes, drawn from a seed, played on a {@link FaultCluster}. Each episode injects
 * one fault (or one combination, such as a leader crash in the middle of a rebalance), heals it, and waits
 * until the cluster is at rest again, so that the checker can tell which fault each unowned stretch
 * belongs to and which members it was allowed to disturb.
 * <p>
 * The short run plays every kind once, in a fixed order, with seeded targets and timings; the soak draws
 * kinds at random until its time is up, keeping between 4 and 6 members.
 */
final class FaultRun {

	/** The short run: every fault at least once. */
	static final List<Kind> SHORT_SCHEDULE = List.of(Kind.CRASH, Kind.LEADER_CRASH_MID_REBALANCE, Kind.RESTART,
			Kind.GRACEFUL_STOP, Kind.RESTART_SAME_ID, Kind.PAUSE, Kind.PARTITION, Kind.LEADER_CRASH,
			Kind.RESTART_SAME_ID, Kind.ETCD_NODE_KILL, Kind.CRASH_DURING_ETCD_ELECTION, Kind.QUORUM_LOSS,
			Kind.ETCD_RESTART_ALL, Kind.COMPACTION_DURING_CHURN, Kind.ROLLING_RESTART);

	/** What the soak draws from, each kind as often as it is listed. */
	private static final List<Kind> SOAK_POOL = List.of(Kind.CRASH, Kind.CRASH, Kind.LEADER_CRASH,
			Kind.LEADER_CRASH_MID_REBALANCE, Kind.LEADER_CRASH_MID_REBALANCE, Kind.GRACEFUL_STOP, Kind.GRACEFUL_STOP,
			Kind.PAUSE, Kind.PAUSE, Kind.PARTITION, Kind.PARTITION, Kind.PARTITION, Kind.ETCD_NODE_KILL,
			Kind.ETCD_NODE_KILL, Kind.CRASH_DURING_ETCD_ELECTION, Kind.QUORUM_LOSS, Kind.ETCD_RESTART_ALL,
			Kind.COMPACTION_DURING_CHURN, Kind.COMPACTION_DURING_CHURN, Kind.TASK_CHURN, Kind.TASK_CHURN);

	private static final int TARGET_MEMBERS = 5;

	private final FaultCluster cluster;

	private final FaultSettings settings;

	private final Random random;

	private final RunLog log;

	private int episodes;

	private int sinceRollingRestart;

	private @Nullable String lastGone;

	FaultRun(FaultCluster cluster) {
		this.cluster = cluster;
		this.settings = cluster.settings();
		this.random = new Random(this.settings.seed());
		this.log = cluster.log();
	}

	/** Plays the whole run, from the first member to the END line. */
	void play() {
		FaultSettings s = this.settings;
		long started = this.log.log("RUN", "seed", s.seed(), "mode", s.mode(), "ttlMs", s.ttl().toMillis(),
				"renewDeadlineMs", s.renewDeadline().toMillis(), "revokeTimeoutMs", s.revokeTimeout().toMillis(),
				"etcdElectionMs", s.etcdElection().toMillis(), "intervalMs", s.interval().toMillis());
		SchedulerProbe probe = new SchedulerProbe();
		episode(Kind.SETUP, List.of(), this::setUp);
		if (s.mode().equals("short")) {
			SHORT_SCHEDULE.forEach(this::play);
		}
		else {
			long deadline = started + s.duration().toNanos();
			while (System.nanoTime() - deadline < 0) {
				if (this.cluster.running().size() < TARGET_MEMBERS - 1
						|| (this.cluster.running().size() < TARGET_MEMBERS && this.random.nextInt(3) > 0)) {
					play(this.random.nextBoolean() ? Kind.RESTART : Kind.RESTART_SAME_ID);
				}
				else if (this.sinceRollingRestart >= 15) {
					this.sinceRollingRestart = 0;
					play(Kind.ROLLING_RESTART);
				}
				else {
					Kind kind = SOAK_POOL.get(this.random.nextInt(SOAK_POOL.size()));
					if (kind.removesAMember() && this.cluster.running().size() < TARGET_MEMBERS) {
						kind = Kind.RESTART;
					}
					this.sinceRollingRestart++;
					play(kind);
				}
			}
		}
		double[] late = probe.percentiles(0.5, 0.99, 0.999);
		probe.close();
		this.log.log("SCHEDULER", "lateP50Us", Math.round(late[0] * 1000), "lateP99Us", Math.round(late[1] * 1000),
				"lateP999Us", Math.round(late[2] * 1000));
		this.log.log("END");
	}

	private void play(Kind kind) {
		switch (kind) {
			case CRASH -> {
				MemberProcess target = pickNonLeader();
				episode(kind, List.of(target), () -> this.cluster.kill(target, "KILL_MEMBER"));
				this.lastGone = target.member();
			}
			case LEADER_CRASH -> {
				MemberProcess leader = requireLeader();
				episode(kind, List.of(leader), () -> this.cluster.kill(leader, "KILL_LEADER"));
				this.lastGone = leader.member();
			}
			case LEADER_CRASH_MID_REBALANCE -> leaderCrashMidRebalance();
			case RESTART, RESTART_SAME_ID -> {
				String member = (kind == Kind.RESTART_SAME_ID && this.lastGone != null
						&& this.cluster.running().stream().noneMatch((p) -> p.member().equals(this.lastGone)))
								? this.lastGone : this.cluster.newMemberId();
				this.lastGone = null;
				episode(kind, List.of(), (targets) -> targets.accept(this.cluster.start(member, "RESTART")));
			}
			case GRACEFUL_STOP -> {
				MemberProcess target = pick(this.cluster.running());
				episode(kind, List.of(target), () -> this.cluster.terminate(target, "SIGTERM"));
				this.lastGone = target.member();
			}
			case PAUSE -> {
				MemberProcess target = pick(this.cluster.running());
				episode(kind, List.of(target), () -> {
					this.cluster.pause(target);
					hold(beyondTheLease(), true);
					this.cluster.resume(target);
				});
			}
			case PARTITION -> {
				MemberProcess target = pick(this.cluster.running());
				episode(kind, List.of(target), () -> {
					this.cluster.cut(target);
					hold(beyondTheLease(), true);
					this.cluster.heal(target);
				});
			}
			case ETCD_NODE_KILL -> {
				int node = pickEtcdNode(this.random.nextInt(4) > 0);
				episode(kind, List.of(), () -> {
					this.cluster.killEtcd(node, "ETCD_NODE_KILL");
					hold(Duration.ofMillis(1000 + this.random.nextInt(2000)), true);
					this.cluster.restartEtcd(node);
				});
			}
			case CRASH_DURING_ETCD_ELECTION -> {
				int node = pickEtcdNode(true);
				MemberProcess target = pick(this.cluster.running());
				boolean leader = this.cluster.leader().map((process) -> process == target).orElse(false);
				episode(kind, List.of(target), () -> {
					this.cluster.killEtcd(node, "ETCD_NODE_KILL");
					this.cluster.kill(target, "KILL_MEMBER_DURING_ETCD_ELECTION", leader);
					hold(Duration.ofSeconds(2), false);
					this.cluster.restartEtcd(node);
				});
				this.lastGone = target.member();
			}
			case QUORUM_LOSS -> {
				int spared = this.random.nextInt(3);
				int first = (spared + 1) % 3;
				int second = (spared + 2) % 3;
				episode(kind, List.of(), () -> {
					this.cluster.loseQuorum(first, second);
					hold(this.settings.renewDeadline()
						.plus(this.settings.revokeTimeout())
						.plusMillis(1000 + this.random.nextInt(2000)), false);
					this.cluster.regainQuorum(first, second);
				});
			}
			case ETCD_RESTART_ALL -> episode(kind, List.of(), () -> {
				this.cluster.stopAllEtcd();
				hold(Duration.ofMillis(500 + this.random.nextInt(2000)), false);
				this.cluster.startAllEtcd();
			});
			case COMPACTION_DURING_CHURN -> episode(kind, List.of(), () -> {
				int changes = 6 + this.random.nextInt(4);
				int compactAt = 2 + this.random.nextInt(changes - 3);
				for (int i = 0; i < changes; i++) {
					if (i == compactAt) {
						this.cluster.compact();
					}
					if (i < 2) {
						// at least one task added and one removed
						changeATask(i == 0);
					}
					else {
						changeATask();
					}
					FaultCluster.sleep(Duration.ofMillis(50 + this.random.nextInt(250)));
				}
			});
			case TASK_CHURN -> episode(kind, List.of(), () -> {
				for (int i = 0, changes = 2 + this.random.nextInt(5); i < changes; i++) {
					changeATask();
					FaultCluster.sleep(Duration.ofMillis(this.random.nextInt(400)));
				}
			});
			case ROLLING_RESTART -> rollingRestart();
			case SETUP -> throw new IllegalArgumentException("SETUP is played once, first");
		}
	}

	private void setUp() {
		for (int i = 0; i < this.settings.tasks(); i++) {
			this.cluster.addTask(null);
		}
		for (int i = 0; i < this.settings.members(); i++) {
			this.cluster.start(this.cluster.newMemberId(), null);
		}
	}

	/**
	 * A new member joins, so that the leader plans moves towards it (debounced by
	 * {@code coord.rebalance.debounce}, 250 ms); the leader is killed at a random instant of that rebalance.
	 */
	private void leaderCrashMidRebalance() {
		MemberProcess leader = requireLeader();
		String member = this.cluster.newMemberId();
		int delay = this.random.nextInt(600);
		episode(Kind.LEADER_CRASH_MID_REBALANCE, List.of(leader), (targets) -> {
			MemberProcess joining = this.cluster.start(member, "RESTART");
			targets.accept(joining);
			if (!this.cluster.awaitRegistered(joining, Duration.ofSeconds(60))) {
				throw new IllegalStateException(joining + " did not join within 60 s:\n" + joining.logTail(40));
			}
			FaultCluster.sleep(Duration.ofMillis(delay));
			this.cluster.kill(leader, "KILL_LEADER_MID_REBALANCE");
		});
		this.lastGone = leader.member();
	}

	/** Every running member in turn: SIGTERM, then a new incarnation (same or new id), then rest. */
	private void rollingRestart() {
		List<MemberProcess> members = new ArrayList<>(this.cluster.running());
		members.sort(Comparator.comparing(MemberProcess::proc));
		Collections.shuffle(members, this.random);
		this.log.log("ROLLING", "members", members.size(), "fault", "ROLLING_RESTART");
		for (MemberProcess old : members) {
			boolean sameId = this.random.nextBoolean();
			episode(Kind.ROLLING_RESTART, List.of(old), (targets) -> {
				this.cluster.terminate(old, "ROLLING_RESTART_STEP");
				targets.accept(this.cluster.start(sameId ? old.member() : this.cluster.newMemberId(), null));
			});
		}
	}

	/** Sleeps through a fault, with a task added and one removed meanwhile now and then. */
	private void hold(Duration duration, boolean churn) {
		long end = System.nanoTime() + duration.toNanos();
		if (churn && this.cluster.etcdHealthy() && this.random.nextInt(3) > 0) {
			int changes = 1 + this.random.nextInt(2);
			for (int i = 0; i < changes; i++) {
				FaultCluster.sleep(Duration.ofNanos((end - System.nanoTime()) / (changes + 1 - i)));
				if (this.cluster.etcdHealthy()) {
					changeATask();
				}
			}
		}
		FaultCluster.sleep(Duration.ofNanos(end - System.nanoTime()));
	}

	/** Adds a task or removes one, keeping their number near where it started. */
	private void changeATask() {
		List<String> tasks = this.cluster.tasks();
		changeATask(tasks.size() <= this.settings.tasks() - 4
				|| (tasks.size() < this.settings.tasks() + 6 && this.random.nextBoolean()));
	}

	private void changeATask(boolean add) {
		List<String> tasks = this.cluster.tasks();
		if (add) {
			this.cluster.addTask("TASK_ADD");
		}
		else {
			this.cluster.removeTask(tasks.get(this.random.nextInt(tasks.size())));
		}
	}

	/** TTL plus 1.5 to 2.5 s: the lease has surely expired when the fault heals. */
	private Duration beyondTheLease() {
		return this.settings.ttl().plusMillis(1500 + this.random.nextInt(1000));
	}

	private void episode(Kind kind, List<MemberProcess> targets, Runnable action) {
		episode(kind, targets, (more) -> action.run());
	}

	/**
	 * Logs the episode with its targets (members that the fault may disturb), plays it, and waits for rest.
	 * The action may name more targets as it goes (a member it starts).
	 */
	private void episode(Kind kind, List<MemberProcess> targets, Consumer<Consumer<MemberProcess>> action) {
		String n = Integer.toString(this.episodes++);
		List<String> names = new ArrayList<>(targets.stream().map(MemberProcess::proc).toList());
		long begin = System.nanoTime();
		// Targets are only known in full once the action has started its members: log them up front
		// by name, and the joining ones by the names they will get.
		List<MemberProcess> added = new ArrayList<>();
		this.log.log(begin, "EPISODE", episodeAttributes(n, kind, names));
		action.accept(added::add);
		if (!added.isEmpty()) {
			added.forEach((process) -> names.add(process.proc()));
			this.log.log("TARGETS", "n", n, "target", String.join(",", names));
		}
		boolean rested = this.cluster.awaitRest(n, this.settings.restTimeout());
		System.out.println(String.format(Locale.ROOT, "[faults] %3s %-28s %-20s %s in %.1f s", n, kind,
				String.join(",", names), rested ? "rest" : "NOT AT REST", (System.nanoTime() - begin) / 1e9));
	}

	private static Object[] episodeAttributes(String n, Kind kind, List<String> targets) {
		List<Object> attributes = new ArrayList<>(List.of("n", n, "kind", kind.name()));
		if (!targets.isEmpty()) {
			attributes.add("target");
			attributes.add(String.join(",", targets));
		}
		return attributes.toArray();
	}

	private MemberProcess requireLeader() {
		for (int i = 0; i < 50; i++) {
			var leader = this.cluster.leader();
			if (leader.isPresent()) {
				return leader.get();
			}
			FaultCluster.sleep(Duration.ofMillis(100));
		}
		throw new IllegalStateException("No coord leader among the running members");
	}

	private MemberProcess pickNonLeader() {
		MemberProcess leader = requireLeader();
		return pick(this.cluster.running().stream().filter((process) -> process != leader).toList());
	}

	private MemberProcess pick(List<MemberProcess> processes) {
		List<MemberProcess> sorted = processes.stream().sorted(Comparator.comparing(MemberProcess::proc)).toList();
		return sorted.get(this.random.nextInt(sorted.size()));
	}

	private int pickEtcdNode(boolean leader) {
		int current = this.cluster.etcdLeader();
		if (leader && current >= 0) {
			return current;
		}
		int node = this.random.nextInt(3);
		return (node == current) ? (node + 1) % 3 : node;
	}

	/** What an episode does. */
	enum Kind {

		SETUP, CRASH, LEADER_CRASH, LEADER_CRASH_MID_REBALANCE, RESTART, RESTART_SAME_ID, GRACEFUL_STOP, PAUSE,
		PARTITION, ETCD_NODE_KILL, CRASH_DURING_ETCD_ELECTION, QUORUM_LOSS, ETCD_RESTART_ALL, COMPACTION_DURING_CHURN,
		TASK_CHURN, ROLLING_RESTART;

		boolean removesAMember() {
			return this == CRASH || this == LEADER_CRASH || this == GRACEFUL_STOP || this == CRASH_DURING_ETCD_ELECTION;
		}

	}

}
