package dev.coord.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.coord.test.EtcdExtension;
import dev.coord.test.EtcdNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.jspecify.annotations.Nullable;

/**
 * The cluster under test and every action the harness takes on it, each written to the {@link RunLog}
 * with its {@code System.nanoTime()}: a 3-node etcd on loopback (the test kit's {@link EtcdExtension}),
 * members as processes of their own ({@link MemberProcess}), and tasks in coord's keyspace.
 */
final class FaultCluster implements AutoCloseable {

	static final String CLUSTER = "faults";

	static final String PREFIX = "/coord/" + CLUSTER + "/";

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

	private final EtcdExtension etcd;

	private final Client client;

	private final RunLog log;

	private final Path directory;

	private final Path jar;

	private final FaultSettings settings;

	private final List<MemberProcess> running = new ArrayList<>();

	private final List<MemberProcess> all = new ArrayList<>();

	private final Map<String, Integer> incarnations = new HashMap<>();

	private final Set<String> tasks = new TreeSet<>();

	private int nextMember = 1;

	private int nextTask = 1;

	private boolean etcdHealthy = true;

	/** No rest before this instant: members may still fence themselves because of the last fault. */
	private long quietUntil;

	private final OwnerWatch ownerWatch;

	FaultCluster(EtcdExtension etcd, RunLog log, Path directory, Path jar, FaultSettings settings) {
		this.etcd = etcd;
		this.client = etcd.newClient(etcd.endpoints(), (builder) -> builder.waitForReady(false));
		this.ownerWatch = new OwnerWatch(etcd.newClient(), PREFIX, directory);
		this.log = log;
		this.directory = directory;
		this.jar = jar;
		this.settings = settings;
	}

	RunLog log() {
		return this.log;
	}

	FaultSettings settings() {
		return this.settings;
	}

	// -- members

	/** A member id never used before in this run. */
	String newMemberId() {
		return "m" + this.nextMember++;
	}

	/** Starts an incarnation of a member; {@code fault} names it in the report (null: not a fault). */
	MemberProcess start(String member, @Nullable String fault) {
		int incarnation = this.incarnations.merge(member, 1, Integer::sum);
		String proc = member + "." + incarnation;
		MemberProcess process = MemberProcess.start(this.jar, this.directory, proc, member, this.etcd.endpoints(),
				List.of("--coord.cluster=" + CLUSTER, "--coord.member.lease-ttl=" + this.settings.ttl().toSeconds() + "s",
						"--coord.rebalance.interval=" + this.settings.interval().toMillis() + "ms"));
		this.running.add(process);
		this.all.add(process);
		logWithFault(System.nanoTime(), "START", fault, "proc", proc, "member", member, "pid", process.pid(), "journal",
				proc + ".journal");
		return process;
	}

	/** {@code kill -9}, and waits until it is gone. */
	void kill(MemberProcess process, String fault) {
		kill(process, fault, isLeader(process));
	}

	/** {@code kill -9} of a member known to lead or not (asking etcd may take seconds in an etcd election). */
	void kill(MemberProcess process, String fault, boolean leader) {
		long sent = System.nanoTime();
		process.kill();
		this.log.log(sent, "KILL", "proc", process.proc(), "leader", leader, "fault", fault);
		process.awaitExit(EXIT_TIMEOUT);
		this.log.log("KILLED", "proc", process.proc());
		this.running.remove(process);
	}

	/** SIGTERM, and waits until it has left (drained) and exited. */
	void terminate(MemberProcess process, String fault) {
		this.log.log("TERM", "proc", process.proc(), "leader", isLeader(process), "fault", fault);
		process.terminate();
		int code = process.awaitExit(EXIT_TIMEOUT);
		this.log.log("EXITED", "proc", process.proc(), "code", code);
		this.running.remove(process);
	}

	void pause(MemberProcess process) {
		this.log.log("PAUSE", "proc", process.proc(), "leader", isLeader(process), "fault", "SIGSTOP");
		process.pause();
	}

	void resume(MemberProcess process) {
		this.log.log("RESUME", "proc", process.proc());
		process.resume();
		disruptionEnds();
	}

	void cut(MemberProcess process) {
		this.log.log("CUT", "proc", process.proc(), "leader", isLeader(process), "fault", "PARTITION");
		process.cutOff();
	}

	void heal(MemberProcess process) {
		this.log.log("HEAL", "proc", process.proc());
		process.heal();
		disruptionEnds();
	}

	/**
	 * Marks the end of a disruption (a heal, a resume, etcd back): a member whose renewals failed until now
	 * may still fence itself up to a renew deadline later, and revoke for the revoke timeout after that. The
	 * episode is not at rest before then, so that such a fencing counts against the fault that caused it,
	 * not against the next one.
	 */
	private void disruptionEnds() {
		this.quietUntil = System.nanoTime()
			+ this.settings.renewDeadline().plus(this.settings.revokeTimeout()).toNanos();
	}

	/** The running members (paused or cut off ones too). */
	List<MemberProcess> running() {
		return List.copyOf(this.running);
	}

	/** The member that holds the leader key, if etcd says so and it runs. */
	Optional<MemberProcess> leader() {
		try {
			String leader = ClusterState.read(this.client, PREFIX, CALL_TIMEOUT).leader();
			return this.running.stream().filter((process) -> process.member().equals(leader)).findFirst();
		}
		catch (Exception ex) {
			return Optional.empty();
		}
	}

	private boolean isLeader(MemberProcess process) {
		return leader().map((leader) -> leader == process).orElse(false);
	}

	/** Waits until the member's registration appears in etcd (it has joined). */
	boolean awaitRegistered(MemberProcess process, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() - deadline < 0) {
			try {
				if (ClusterState.read(this.client, PREFIX, CALL_TIMEOUT).members().containsKey(process.member())) {
					return true;
				}
			}
			catch (Exception ex) {
				// etcd busy: ask again
			}
			if (!process.isAlive()) {
				throw new IllegalStateException(process + " exited while joining:\n" + process.logTail(40));
			}
			sleep(Duration.ofMillis(10));
		}
		return false;
	}

	// -- tasks

	/** Puts a new task into coord's catalog, and returns its id. */
	String addTask(@Nullable String fault) {
		String task = String.format("task-%03d", this.nextTask++);
		byte[] payload = ("{\"url\":\"https://feeds.example.org/" + task + ".xml\",\"intervalMillis\":0}")
			.getBytes(StandardCharsets.UTF_8);
		// A put of the same value is idempotent: try again while etcd elects a leader or a node is down.
		untilDone("put task " + task, () -> this.client.getKVClient()
			.put(bytes(PREFIX + "tasks/" + task), ByteSequence.from(payload))
			.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
		this.tasks.add(task);
		logWithFault(System.nanoTime(), "TASK_ADDED", fault, "task", task);
		return task;
	}

	void removeTask(String task) {
		this.log.log("TASK_REMOVING", "task", task, "fault", "TASK_REMOVE");
		untilDone("delete task " + task, () -> this.client.getKVClient()
			.delete(bytes(PREFIX + "tasks/" + task))
			.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
		this.tasks.remove(task);
		this.log.log("TASK_REMOVED", "task", task);
	}

	List<String> tasks() {
		return List.copyOf(this.tasks);
	}

	/** Repeats an idempotent etcd call until it succeeds, for up to 30 s. */
	private static void untilDone(String what, Call call) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try {
				call.run();
				return;
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
					throw new IllegalStateException("etcd did not " + what + " within 30 s", ex);
				}
				sleep(Duration.ofMillis(200));
			}
		}
	}

	@FunctionalInterface
	private interface Call {

		void run() throws Exception;

	}

	boolean etcdHealthy() {
		return this.etcdHealthy;
	}

	// -- etcd

	List<EtcdNode> etcdNodes() {
		return this.etcd.nodes();
	}

	/** The index of the etcd leader, or -1. */
	int etcdLeader() {
		List<EtcdNode> nodes = this.etcd.nodes();
		return IntStream.range(0, nodes.size()).filter((i) -> nodes.get(i).isLeader()).findFirst().orElse(-1);
	}

	/** Kills one etcd node ({@code kill -9}). */
	void killEtcd(int index, String fault) {
		this.log.log("ETCD_KILL", "node", this.etcd.node(index).name(), "leader", index == etcdLeader(), "fault", fault);
		this.etcd.node(index).kill();
		this.log.log("ETCD_DOWN", "node", this.etcd.node(index).name());
	}

	void restartEtcd(int index) {
		this.log.log("ETCD_RESTART", "node", this.etcd.node(index).name());
		this.etcd.node(index).restart();
		this.log.log("ETCD_UP", "node", this.etcd.node(index).name());
		disruptionEnds();
	}

	/** Kills two etcd nodes at once: the cluster loses its quorum. */
	void loseQuorum(int first, int second) {
		this.etcdHealthy = false;
		this.log.log("ETCD_OUTAGE", "kind", "QUORUM_LOSS");
		int leader = etcdLeader();
		this.log.log("ETCD_KILL", "node", this.etcd.node(first).name(), "leader", first == leader);
		this.log.log("ETCD_KILL", "node", this.etcd.node(second).name(), "leader", second == leader);
		CompletableFuture<Void> one = CompletableFuture.runAsync(() -> this.etcd.node(first).kill());
		this.etcd.node(second).kill();
		one.join();
		this.log.log("QUORUM_LOST", "fault", "ETCD_QUORUM_LOSS");
	}

	/** Restarts the two nodes: quorum is back once the first of them is healthy. */
	void regainQuorum(int first, int second) {
		this.log.log("QUORUM_RESTORING");
		this.log.log("ETCD_RESTART", "node", this.etcd.node(first).name());
		this.etcd.node(first).restart();
		this.log.log("QUORUM_BACK");
		this.etcdHealthy = true;
		this.log.log("ETCD_RESTART", "node", this.etcd.node(second).name());
		this.etcd.node(second).restart();
		this.log.log("ETCD_UP", "node", this.etcd.node(second).name());
		disruptionEnds();
	}

	void stopAllEtcd() {
		this.etcdHealthy = false;
		this.log.log("ETCD_OUTAGE", "kind", "ETCD_RESTART_ALL");
		this.log.log("ETCD_STOP_ALL", "fault", "ETCD_FULL_RESTART");
		this.etcd.stopAll();
		this.log.log("ETCD_ALL_DOWN");
	}

	void startAllEtcd() {
		this.log.log("ETCD_START_ALL");
		this.etcd.restartAll();
		this.log.log("QUORUM_BACK");
		this.etcdHealthy = true;
		disruptionEnds();
	}

	void compact() {
		long revision = this.etcd.compact();
		this.log.log("COMPACT", "revision", revision, "fault", "COMPACTION");
	}

	// -- rest

	/**
	 * Waits until the cluster is at rest with every running member (none is paused or cut off when this is
	 * called): etcd shows the members, a leader, every task assigned once and owned by its assignee, balanced;
	 * and the journals agree (each task active on exactly the process that owns it in etcd). Writes
	 * {@code REST n=... ok=...} either way: the checker tells what was wrong at that instant.
	 */
	boolean awaitRest(String episode, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		String why = "not asked yet";
		Map<String, MemberProcess> byMember = new TreeMap<>();
		this.running.forEach((process) -> byMember.put(process.member(), process));
		while (System.nanoTime() - deadline < 0) {
			try {
				ClusterState state = ClusterState.read(this.client, PREFIX, CALL_TIMEOUT);
				why = state.unsettled(byMember.keySet());
				if (why == null && !state.tasks().equals(new TreeSet<>(this.tasks))) {
					why = "etcd has tasks " + state.tasks() + ", the harness " + this.tasks;
				}
				if (why == null) {
					why = journalsDisagree(state, byMember);
				}
			}
			catch (Exception ex) {
				why = "etcd: " + ex;
			}
			if (why == null && System.nanoTime() - this.quietUntil < 0) {
				why = "members may still fence themselves after the last fault";
			}
			if (why == null) {
				this.log.log("REST", "n", episode, "ok", true);
				return true;
			}
			sleep(Duration.ofMillis(100));
		}
		String word = why.replaceAll("\\s+", "_");
		this.log.log("REST", "n", episode, "ok", false, "why", word.isEmpty() ? "?" : word);
		System.err.println("[faults] episode " + episode + " did not settle within " + timeout + ": " + why);
		return false;
	}

	private static @Nullable String journalsDisagree(ClusterState state, Map<String, MemberProcess> byMember)
			throws IOException {
		for (MemberProcess process : byMember.values()) {
			Set<String> active = activeTasks(process.journal());
			Set<String> owned = new TreeSet<>();
			state.owners().forEach((task, owner) -> {
				if (owner.equals(process.member())) {
					owned.add(task);
				}
			});
			if (!active.equals(owned)) {
				return "journal of " + process.proc() + " has " + active + " active, etcd says it owns " + owned;
			}
		}
		return null;
	}

	/** The tasks a journal says are active now: assigned and not revoked since. */
	static Set<String> activeTasks(Path journal) throws IOException {
		Set<String> active = new TreeSet<>();
		if (!Files.exists(journal)) {
			return active;
		}
		for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
			String[] fields = line.split(" ");
			if (fields.length == 7 && fields[3].equals("ASSIGNED")) {
				active.add(fields[4]);
			}
			else if (fields.length == 7 && fields[3].equals("REVOKED")) {
				active.remove(fields[4]);
			}
		}
		return active;
	}

	private void logWithFault(long nanos, String type, @Nullable String fault, Object... attributes) {
		List<Object> all = new ArrayList<>(List.of(attributes));
		if (fault != null) {
			all.add("fault");
			all.add(fault);
		}
		this.log.log(nanos, type, all.toArray());
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(Math.max(0, duration.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	/** Kills every member still running; etcd belongs to the extension. */
	@Override
	public void close() {
		this.all.forEach(MemberProcess::destroy);
		this.ownerWatch.close();
	}

}
