package dev.coord.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.coord.faults.FaultReport.Gap;
import dev.coord.faults.FaultReport.OutageResult;
import dev.coord.faults.FaultReport.StaleOverlap;
import dev.coord.faults.History.EndKind;
import dev.coord.faults.History.Proc;
import dev.coord.faults.History.Settings;
import dev.coord.faults.History.TaskLife;
import dev.coord.faults.History.Tenure;
import dev.coord.faults.History.Window;
import dev.coord.faults.RunLog.Event;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@link History} against DESIGN.md §4: exclusive (no task active on two members at once, but for
 * a member resumed after SIGSTOP, reported apart), fenced (tokens strictly increase per task), live (the
 * longest unowned time per cause within the bound the fault allows), balanced at rest, undisturbed
 * bystanders, and the quorum-loss rules (every member revokes everything within the renew deadline plus the
 * revoke timeout; every task owned again within TTL + 1 s of quorum's return).
 */
final class FaultChecker {

	/** DESIGN.md §4: a graceful move's gap, p99 on loopback. */
	static final Duration GRACEFUL_P99 = Duration.ofMillis(100);

	/** DESIGN.md §4: a crashed member's tasks are owned again within TTL + this. */
	static final Duration SLACK = Duration.ofSeconds(1);

	/** DESIGN.md §4: a crashed coord leader adds its election, "well under 1 s". */
	static final Duration LEADER_ELECTION = Duration.ofSeconds(1);

	/** Episodes in which the members that no fault targets must lose nothing (DESIGN.md §4 "Undisturbed"). */
	private static final Set<String> NO_MOVES_EXPECTED = Set.of("CRASH", "LEADER_CRASH", "ETCD_NODE_KILL",
			"CRASH_DURING_ETCD_ELECTION");

	private static final Set<String> OUTAGES = Set.of("QUORUM_LOSS", "ETCD_RESTART_ALL");

	private final History history;

	private final Settings settings;

	private final FaultReport report;

	private final boolean enforceLatency;

	private final List<Episode> episodes = new ArrayList<>();

	private final List<Outage> outages = new ArrayList<>();

	private FaultChecker(History history, boolean enforceLatency) {
		this.history = history;
		this.enforceLatency = enforceLatency;
		this.settings = history.settings();
		List<Event> events = history.events();
		this.report = new FaultReport(this.settings, Duration.ofNanos(history.end() - events.get(0).nanos()));
		readEpisodes(events);
		readOutages(events);
	}

	/** Checks a history; the graceful-handoff latency objective is reported, not enforced. */
	static FaultReport check(History history) {
		return check(history, false);
	}

	/**
	 * Checks a history.
	 * @param enforceLatency whether a graceful-handoff p99 over {@link #GRACEFUL_P99} is a violation (else it
	 * is reported as a missed objective)
	 */
	static FaultReport check(History history, boolean enforceLatency) {
		return new FaultChecker(history, enforceLatency).run();
	}

	private FaultReport run() {
		this.report.processes = this.history.procs().size();
		this.report.tasks = this.history.tasks().size();
		this.report.tenures = this.history.tenures().size();
		countFaults();
		this.history.events("SCHEDULER").forEach((event) -> this.report.schedulerLateness = new double[] {
				event.number("lateP50Us") / 1000.0, event.number("lateP99Us") / 1000.0, event.number("lateP999Us") / 1000.0 });
		this.report.violations.addAll(this.history.problems());
		checkOverlapsAndTokens();
		checkGaps();
		checkRests();
		checkOutages();
		checkBystanders();
		checkRemovedTasks();
		return this.report;
	}

	private void countFaults() {
		for (Event event : this.history.events()) {
			String fault = event.find("fault");
			if (fault != null) {
				this.report.faults.merge(fault, 1, Integer::sum);
			}
		}
	}

	// -- exclusive and fenced

	private void checkOverlapsAndTokens() {
		this.history.tenuresByTask().forEach((task, tenures) -> {
			for (int i = 0; i < tenures.size(); i++) {
				Tenure later = tenures.get(i);
				for (int j = 0; j < i; j++) {
					Tenure earlier = tenures.get(j);
					if (!earlier.proc().equals(later.proc()) && earlier.end() > later.start()) {
						overlap(earlier, later);
					}
				}
				if (i > 0 && tenures.get(i - 1).token() >= later.token()) {
					this.report.tokenViolations++;
					this.report.violation("TOKEN", "fencing token of '" + task + "' did not increase from "
							+ tenures.get(i - 1).token() + " to " + later.token(), tenures.get(i - 1).cite(), later.cite());
				}
			}
		});
	}

	private void overlap(Tenure earlier, Tenure later) {
		Proc proc = this.history.procs().get(earlier.proc());
		Window pause = (proc == null) ? null
				: proc.pauses.stream().filter((window) -> window.contains(later.start())).findFirst().orElse(null);
		if (pause != null) {
			Duration tail = Duration.ofNanos(Math.max(0, earlier.end() - pause.to()));
			StaleOverlap stale = new StaleOverlap(earlier, later, tail);
			this.report.staleOverlaps.add(stale);
			if (!stale.tokenLower()) {
				this.report.violation("STALE_TOKEN", "after SIGSTOP, the stale owner's token of '" + earlier.taskId()
						+ "' is not lower than its new owner's", earlier.cite(), later.cite());
			}
			if (earlier.endKind() == EndKind.REVOKED && tail.compareTo(this.settings.revokeTimeout()) > 0) {
				this.report.violation("STALE_TAIL", "resumed after SIGSTOP, " + earlier.proc() + " ran '"
						+ earlier.taskId() + "' for " + FaultReport.millis(tail) + " before revoking it (bound "
						+ FaultReport.millis(this.settings.revokeTimeout()) + ", coord.member.revoke-timeout)",
						earlier.cite(), later.cite());
			}
			return;
		}
		this.report.overlaps++;
		Duration overlap = Duration.ofNanos(Math.min(earlier.end(), later.end()) - later.start());
		this.report.violation("OVERLAP", "task '" + earlier.taskId() + "' active on " + earlier.proc() + " and "
				+ later.proc() + " at once for " + FaultReport.millis(overlap) + context(later.start()), earlier.cite(),
				later.cite());
	}

	// -- live

	private void checkGaps() {
		long firstRest = this.history.firstRest();
		Map<String, List<Tenure>> byTask = this.history.tenuresByTask();
		for (TaskLife task : this.history.tasks().values()) {
			long from = Math.max(task.created, firstRest);
			long to = Math.min(task.removing, this.history.end());
			if (from >= to) {
				continue;
			}
			long cursor = from;
			Tenure reaching = null;
			for (Tenure tenure : byTask.getOrDefault(task.id, List.of())) {
				if (tenure.runningUntil() <= from || tenure.start() >= to) {
					continue;
				}
				if (tenure.start() > cursor) {
					gap(task, cursor, tenure.start(), reaching, false);
				}
				if (tenure.runningUntil() > cursor) {
					cursor = tenure.runningUntil();
					reaching = tenure;
				}
			}
			if (cursor < to) {
				gap(task, cursor, to, reaching, true);
			}
		}
		List<Duration> graceful = this.report.gaps.stream()
			.filter((gap) -> gap.cause().graceful() && !gap.truncated())
			.map(Gap::unowned)
			.toList();
		breakDownGracefulHandoffs();
		Duration p99 = FaultReport.percentile(graceful, 0.99);
		if (p99.compareTo(GRACEFUL_P99) > 0) {
			String message = "graceful handoffs: p99 of the unowned time is " + FaultReport.millis(p99) + " over "
					+ graceful.size() + " handoffs (DESIGN.md §4: under " + FaultReport.millis(GRACEFUL_P99)
					+ " with etcd on loopback)";
			if (this.enforceLatency) {
				this.report.violation("LATENCY", message);
			}
			else {
				this.report.objectivesMissed.add(message);
			}
		}
	}

	/**
	 * Splits each graceful gap with what the harness's watch on {@code owners/} heard: release (REVOKED line
	 * to owner key deleted), claim (deleted to claimed by the next owner), start (claimed to ASSIGNED line).
	 */
	private void breakDownGracefulHandoffs() {
		Map<String, List<History.OwnerEvent>> byTask = new HashMap<>();
		this.history.ownerEvents()
			.forEach((event) -> byTask.computeIfAbsent(event.taskId(), (task) -> new ArrayList<>()).add(event));
		for (Gap gap : this.report.gaps) {
			if (!gap.cause().graceful() || gap.truncated()) {
				continue;
			}
			History.OwnerEvent deleted = null;
			History.OwnerEvent claimed = null;
			for (History.OwnerEvent event : byTask.getOrDefault(gap.taskId(), List.of())) {
				if (deleted == null && !event.put() && event.nanos() >= gap.from()) {
					deleted = event;
				}
				else if (deleted != null && event.put()) {
					claimed = event;
					break;
				}
			}
			if (deleted != null && claimed != null && claimed.nanos() - gap.to() < 1_000_000_000L) {
				this.report.handoffPhases.add(new Duration[] { Duration.ofNanos(deleted.nanos() - gap.from()),
						Duration.ofNanos(claimed.nanos() - deleted.nanos()), Duration.ofNanos(gap.to() - claimed.nanos()) });
			}
		}
	}

	private void gap(TaskLife task, long from, long to, @Nullable Tenure previous, boolean truncated) {
		Duration ttl = this.settings.ttl();
		// A missed watch event waits for the periodic re-list; a task added while the coord leader is gone
		// waits for its lease to expire and a new election.
		Duration catchAll = max(this.settings.interval(), ttl.plus(LEADER_ELECTION)).plus(SLACK);
		Cause cause;
		long faultAt = from;
		Duration bound = catchAll;
		if (previous == null) {
			cause = (task.created >= this.history.firstRest()) ? Cause.TASK_ADDED : Cause.OTHER;
			faultAt = (cause == Cause.TASK_ADDED) ? task.created : from;
		}
		else if (previous.pausedAtEnd()) {
			Proc proc = this.history.procs().get(previous.proc());
			boolean leader = proc != null && proc.pauses.stream().anyMatch((w) -> w.from() == previous.runningUntil() && w.leader());
			cause = Cause.PAUSE;
			bound = ttl.plus(SLACK).plus(leader ? LEADER_ELECTION : Duration.ZERO);
		}
		else if (previous.endKind() == EndKind.KILLED) {
			boolean leader = this.history.procs().get(previous.proc()).leaderAtKill;
			cause = leader ? Cause.LEADER_CRASH : Cause.CRASH;
			bound = ttl.plus(SLACK).plus(leader ? LEADER_ELECTION : Duration.ZERO);
		}
		else if (previous.endKind() == EndKind.EXITED) {
			cause = Cause.EXITED;
		}
		else if ("LEASE_LOST".equals(previous.reason())) {
			Proc proc = this.history.procs().get(previous.proc());
			Window cut = (proc != null) ? proc.cutAt(from) : null;
			Outage outage = outageAround(from);
			if (cut != null) {
				cause = Cause.PARTITION;
				faultAt = cut.from();
				bound = ttl.plus(SLACK).plus(cut.leader() ? LEADER_ELECTION : Duration.ZERO);
			}
			else if (outage != null) {
				cause = Cause.ETCD_OUTAGE;
				faultAt = (outage.back != 0) ? outage.back : from;
				bound = ttl.plus(SLACK);
			}
			else {
				cause = Cause.UNEXPECTED_FENCE;
				bound = ttl.plus(SLACK);
			}
		}
		else if ("REASSIGNED".equals(previous.reason())) {
			cause = Cause.MOVE;
		}
		else if ("SHUTDOWN".equals(previous.reason())) {
			cause = Cause.DRAIN;
		}
		else {
			cause = Cause.OTHER;
			if ("TASK_REMOVED".equals(previous.reason())) {
				this.report.violation("REMOVED", "'" + task.id + "' was revoked as TASK_REMOVED, but the harness had not "
						+ "removed it", previous.cite());
			}
		}
		if (cause != Cause.ETCD_OUTAGE && cause != Cause.TASK_ADDED && cause != Cause.OTHER && !cause.graceful()
				&& etcdLeaderChangeBetween(from - ttl.toNanos(), to)) {
			// DESIGN.md §4: an etcd leader change in between adds up to TTL + etcd's election timeout
			bound = bound.plus(ttl).plus(this.settings.etcdElection());
		}
		Gap gap = new Gap(task.id, from, to, cause, faultAt, bound, truncated, episodeAt(from),
				(previous != null) ? previous.cite() : "(new task)");
		this.report.gaps.add(gap);
		if (gap.overBound()) {
			this.report.violation("UNOWNED", "'" + task.id + "' unowned for " + FaultReport.millis(gap.unowned())
					+ (truncated ? " (and still unowned when " + (to == this.history.end() ? "the run ended" : "removed") + ")" : "")
					+ ", " + FaultReport.millis(gap.sinceFault()) + " after the fault (" + cause.label() + ", bound "
					+ FaultReport.millis(bound) + ")" + context(from), gap.evidence());
		}
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private boolean etcdLeaderChangeBetween(long from, long to) {
		return this.history.events("ETCD_KILL")
			.stream()
			.anyMatch((event) -> event.flag("leader") && event.nanos() >= from && event.nanos() <= to);
	}

	// -- at rest

	private void checkRests() {
		for (Event rest : this.history.events("REST")) {
			this.report.restChecks++;
			long at = rest.nanos();
			String where = " at rest after episode " + rest.get("n") + " (" + episodeAt(at - 1) + ")";
			if (!rest.flag("ok")) {
				this.report.restNotSettled++;
				this.report.violation("REST", "the cluster did not settle" + where + ": " + rest.find("why"));
			}
			List<Proc> live = this.history.procs().values().stream().filter((proc) -> proc.liveAt(at)).toList();
			Map<String, Integer> loads = new LinkedHashMap<>();
			live.forEach((proc) -> loads.put(proc.name, 0));
			Map<String, List<Tenure>> byTask = this.history.tenuresByTask();
			for (TaskLife task : this.history.tasks().values()) {
				List<Tenure> owners = byTask.getOrDefault(task.id, List.of())
					.stream()
					.filter((tenure) -> tenure.runningAt(at) && loads.containsKey(tenure.proc()))
					.toList();
				owners.forEach((tenure) -> loads.merge(tenure.proc(), 1, Integer::sum));
				if (task.existsAt(at) && owners.isEmpty()) {
					this.report.restUnowned++;
					this.report.violation("REST", "'" + task.id + "' owned by nobody" + where);
				}
				else if (task.existsAt(at) && owners.size() > 1) {
					this.report.restDoublyOwned++;
					this.report.violation("REST", "'" + task.id + "' owned by " + owners.size() + " members" + where,
							owners.stream().map(Tenure::cite).toArray(String[]::new));
				}
				else if (!task.existsAt(at) && at >= task.removing && !owners.isEmpty()) {
					this.report.restDoublyOwned++;
					this.report.violation("REST", "removed task '" + task.id + "' still owned" + where,
							owners.stream().map(Tenure::cite).toArray(String[]::new));
				}
			}
			int max = loads.values().stream().mapToInt(Integer::intValue).max().orElse(0);
			int min = loads.values().stream().mapToInt(Integer::intValue).min().orElse(0);
			if (max - min > 1) {
				this.report.restUnbalanced++;
				this.report.violation("BALANCE", "loads " + loads + where);
			}
		}
	}

	// -- etcd outages

	/**
	 * Quorum loss and whole-cluster restarts. Without quorum no renewal succeeds, so a member fences at most
	 * a renew deadline after the outage began (plus one etcd election timeout for a quorum loss: the isolated
	 * etcd leader answers renewals until check-quorum makes it step down) and its revoked listeners return
	 * within the revoke timeout. When the outage lasted beyond that, no tenure may still run past it, however
	 * late it started (a claim committed just before the loss). A shorter outage need not fence anybody:
	 * etcd's new leader extends every lease. Once etcd is back, every task must be owned again within TTL +
	 * 1 s.
	 */
	private void checkOutages() {
		Duration ttl = this.settings.ttl();
		for (Outage outage : this.outages) {
			if (outage.lost == 0) {
				continue;
			}
			Duration revokeBound = this.settings.renewDeadline()
				.plus(this.settings.revokeTimeout())
				.plus(outage.kind.equals("QUORUM_LOSS") ? this.settings.etcdElection() : Duration.ZERO);
			long revokedBy = outage.lost + revokeBound.toNanos();
			long restoring = (outage.restoring != 0) ? outage.restoring : this.history.end();
			boolean mustFence = restoring > revokedBy;
			Duration recoveryBound = ttl.plus(SLACK);
			Duration revokedWithin = null;
			for (Tenure tenure : this.history.tenures()) {
				Proc proc = this.history.procs().get(tenure.proc());
				if (proc == null || !tenure.runningAt(outage.lost) && !(tenure.start() > outage.lost && tenure.start() < restoring)
						|| !proc.liveAt(outage.lost)) {
					continue;
				}
				boolean revoked = tenure.endKind() == EndKind.REVOKED && "LEASE_LOST".equals(tenure.reason())
						&& tenure.end() < restoring;
				if (revoked) {
					Duration latency = Duration.ofNanos(tenure.end() - outage.lost);
					if (revokedWithin == null || latency.compareTo(revokedWithin) > 0) {
						revokedWithin = latency;
					}
				}
				if (mustFence && tenure.runningUntil() > revokedBy) {
					this.report.violation("QUORUM", tenure.proc() + " still ran '" + tenure.taskId() + "' "
							+ FaultReport.millis(revokeBound) + " after etcd lost its quorum (" + outage.kind
							+ ", renew deadline + revoke timeout" + (outage.kind.equals("QUORUM_LOSS") ? " + etcd election" : "")
							+ "): " + (revoked ? "revoked after " + FaultReport.millis(Duration.ofNanos(tenure.end() - outage.lost))
									: "not revoked (LEASE_LOST) while etcd was down"),
							tenure.cite());
				}
			}
			Duration recoveredWithin = null;
			if (outage.back != 0) {
				Map<String, List<Tenure>> byTask = this.history.tenuresByTask();
				for (TaskLife task : this.history.tasks().values()) {
					if (!task.existsAt(outage.back)) {
						continue;
					}
					long owned = byTask.getOrDefault(task.id, List.of())
						.stream()
						.filter((tenure) -> tenure.runningUntil() > outage.back)
						.mapToLong((tenure) -> Math.max(tenure.start(), outage.back))
						.min()
						.orElse(Long.MAX_VALUE);
					long until = Math.min(task.removing, this.history.end());
					if (owned >= until) {
						if (until - outage.back > recoveryBound.toNanos()) {
							this.report.violation("QUORUM", "'" + task.id + "' not owned again within "
									+ FaultReport.millis(recoveryBound) + " of etcd's return (" + outage.kind + "): never");
						}
						continue;
					}
					Duration recovery = Duration.ofNanos(owned - outage.back);
					if (recoveredWithin == null || recovery.compareTo(recoveredWithin) > 0) {
						recoveredWithin = recovery;
					}
					if (recovery.compareTo(recoveryBound) > 0) {
						this.report.violation("QUORUM", "'" + task.id + "' not owned again within "
								+ FaultReport.millis(recoveryBound) + " of etcd's return (" + outage.kind + "): after "
								+ FaultReport.millis(recovery));
					}
				}
			}
			this.report.outages.add(new OutageResult(outage.kind, Duration.ofNanos(restoring - outage.lost), mustFence,
					revokedWithin, revokeBound, recoveredWithin, recoveryBound));
		}
	}

	// -- undisturbed

	private void checkBystanders() {
		for (Episode episode : this.episodes) {
			if (OUTAGES.contains(episode.kind) || episode.kind.equals("SETUP")) {
				continue;
			}
			for (JournalLine line : this.history.lines()) {
				if (line.nanos() < episode.begin || line.nanos() >= episode.end
						|| !line.kind().equals(JournalLine.REVOKED) || episode.targets.contains(line.proc())) {
					continue;
				}
				boolean fenced = "LEASE_LOST".equals(line.reason());
				boolean moved = "REASSIGNED".equals(line.reason()) && NO_MOVES_EXPECTED.contains(episode.kind)
						&& !tasksChangedDuring(episode);
				if (fenced || moved) {
					this.report.disturbances++;
					this.report.violation("DISTURBED", line.proc() + " revoked '" + line.taskId() + "' (" + line.reason()
							+ ") though episode " + episode.n + " (" + episode.kind + ") targeted only "
							+ episode.targets, line.cite());
				}
			}
		}
	}

	/** A removed task can unbalance the members: the moves that follow are planned. */
	private boolean tasksChangedDuring(Episode episode) {
		return this.history.events()
			.stream()
			.anyMatch((event) -> event.nanos() >= episode.begin && event.nanos() < episode.end
					&& (event.type().equals("TASK_ADDED") || event.type().equals("TASK_REMOVING")));
	}

	private void checkRemovedTasks() {
		Map<String, List<Tenure>> byTask = this.history.tenuresByTask();
		for (TaskLife task : this.history.tasks().values()) {
			if (task.removed == Long.MAX_VALUE) {
				continue;
			}
			for (Tenure tenure : byTask.getOrDefault(task.id, List.of())) {
				if (tenure.start() > task.removed) {
					this.report.violation("REMOVED", "'" + task.id + "' started after it was removed", tenure.cite());
				}
			}
		}
	}

	// -- the run log's structure

	private void readEpisodes(List<Event> events) {
		Map<String, Long> rests = new HashMap<>();
		events.stream().filter((e) -> e.type().equals("REST")).forEach((e) -> rests.putIfAbsent(e.get("n"), e.nanos()));
		Map<String, String> moreTargets = new HashMap<>();
		events.stream()
			.filter((e) -> e.type().equals("TARGETS"))
			.forEach((e) -> moreTargets.put(e.get("n"), e.get("target")));
		List<Event> begins = events.stream().filter((e) -> e.type().equals("EPISODE")).toList();
		for (int i = 0; i < begins.size(); i++) {
			Event begin = begins.get(i);
			long next = (i + 1 < begins.size()) ? begins.get(i + 1).nanos() : this.history.end();
			long end = Math.min(next, rests.getOrDefault(begin.get("n"), next));
			String targets = moreTargets.getOrDefault(begin.get("n"), begin.find("target"));
			this.episodes.add(new Episode(begin.get("n"), begin.get("kind"), begin.nanos(), end,
					(targets == null) ? Set.of() : new HashSet<>(List.of(targets.split(",")))));
		}
	}

	private void readOutages(List<Event> events) {
		Outage current = null;
		for (Event event : events) {
			switch (event.type()) {
				case "ETCD_OUTAGE" -> {
					current = new Outage(event.get("kind"), event.nanos());
					this.outages.add(current);
				}
				case "QUORUM_LOST", "ETCD_ALL_DOWN" -> {
					if (current != null && current.lost == 0) {
						current.lost = event.nanos();
					}
				}
				case "QUORUM_RESTORING", "ETCD_START_ALL", "ETCD_RESTART" -> {
					if (current != null && current.lost != 0 && current.restoring == 0) {
						current.restoring = event.nanos();
					}
				}
				case "QUORUM_BACK" -> {
					if (current != null && current.back == 0) {
						current.back = event.nanos();
					}
				}
				default -> {
				}
			}
		}
	}

	/**
	 * The outage that a fencing at this instant belongs to: from its start to TTL + 1 s after etcd's return,
	 * but not into the next episode (whose own fault is then to blame).
	 */
	private @Nullable Outage outageAround(long nanos) {
		long after = this.settings.ttl().plus(SLACK).toNanos();
		return this.outages.stream()
			.filter((outage) -> outage.begin <= nanos && (outage.back == 0 || nanos <= outage.back + after)
					&& nanos < nextEpisodeAfter(outage.begin))
			.max(Comparator.comparingLong((Outage outage) -> outage.begin))
			.orElse(null);
	}

	private long nextEpisodeAfter(long nanos) {
		return this.episodes.stream()
			.mapToLong(Episode::begin)
			.filter((begin) -> begin > nanos)
			.min()
			.orElse(Long.MAX_VALUE);
	}

	private String episodeAt(long nanos) {
		return this.episodes.stream()
			.filter((episode) -> episode.begin <= nanos)
			.max(Comparator.comparingLong((Episode episode) -> episode.begin))
			.map((episode) -> episode.n + ":" + episode.kind)
			.orElse("-");
	}

	private String context(long nanos) {
		return " [episode " + episodeAt(nanos) + "]";
	}

	private record Episode(String n, String kind, long begin, long end, Set<String> targets) {
	}

	private static final class Outage {

		final String kind;

		final long begin;

		/** When etcd had no quorum any more: the second node killed, or the whole cluster stopped. */
		long lost;

		/** When the harness began to restart etcd: quorum may return from here on. */
		long restoring;

		/** When etcd was healthy again, as the harness saw it. */
		long back;

		Outage(String kind, long begin) {
			this.kind = kind;
			this.begin = begin;
		}

	}

}
