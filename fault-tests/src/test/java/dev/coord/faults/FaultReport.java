package dev.coord.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.coord.faults.History.Settings;
import dev.coord.faults.History.Tenure;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link FaultChecker} found in one run: the figures, and every violation with its evidence
 * (journal lines). {@link #text()} is the per-run report that the README's "The fault-injection suite" explains.
 */
final class FaultReport {

	private final Settings settings;

	private final Duration wallTime;

	final Map<String, Integer> faults = new LinkedHashMap<>();

	final List<Violation> violations = new ArrayList<>();

	/** Latency objectives missed but not enforced (-Dfaults.enforce-latency=true enforces them). */
	final List<String> objectivesMissed = new ArrayList<>();

	final List<StaleOverlap> staleOverlaps = new ArrayList<>();

	final List<Gap> gaps = new ArrayList<>();

	final List<OutageResult> outages = new ArrayList<>();

	/** Graceful handoffs split in release, claim and start, when the harness watched {@code owners/}. */
	final List<Duration[]> handoffPhases = new ArrayList<>();

	int overlaps;

	int tokenViolations;

	int restChecks;

	int restUnowned;

	int restDoublyOwned;

	int restUnbalanced;

	int restNotSettled;

	int disturbances;

	/** The harness JVM's wake-up lateness, p50 / p99 / p99.9 in milliseconds, if measured. */
	double[] schedulerLateness = new double[0];

	int processes;

	int tenures;

	int tasks;

	FaultReport(Settings settings, Duration wallTime) {
		this.settings = settings;
		this.wallTime = wallTime;
	}

	void violation(String category, String message, String... evidence) {
		this.violations.add(new Violation(category, message, List.of(evidence)));
	}

	boolean passed() {
		return this.violations.isEmpty();
	}

	List<Violation> violations() {
		return this.violations;
	}

	long count(String category) {
		return this.violations.stream().filter((violation) -> violation.category().equals(category)).count();
	}

	/** The per-run report, with the first 40 violations. */
	String text() {
		return text(40);
	}

	/** The per-run report, with up to the given number of violations. */
	String text(int maxViolations) {
		StringBuilder out = new StringBuilder();
		Settings s = this.settings;
		out.append(String.format(Locale.ROOT, "coord fault run: mode=%s seed=%d, %s, %d processes, %d tasks, %d tenures%n",
				s.mode(), s.seed(), seconds(this.wallTime), this.processes, this.tasks, this.tenures));
		out.append(String.format(Locale.ROOT,
				"  lease-ttl %s, renew-deadline %s, revoke-timeout %s, etcd election timeout %s, rebalance interval %s%n",
				millis(s.ttl()), millis(s.renewDeadline()), millis(s.revokeTimeout()), millis(s.etcdElection()),
				millis(s.interval())));
		out.append("\nfaults injected\n");
		this.faults.forEach((kind, count) -> out.append(String.format(Locale.ROOT, "  %-34s %5d%n", kind, count)));
		out.append("\nexclusivity and fencing\n");
		out.append(line("overlaps (a task active on two members)", this.overlaps, "must be 0"));
		long lowerTokens = this.staleOverlaps.stream().filter(StaleOverlap::tokenLower).count();
		Duration longestTail = this.staleOverlaps.stream()
			.map(StaleOverlap::tail)
			.max(Comparator.naturalOrder())
			.orElse(Duration.ZERO);
		out.append(String.format(Locale.ROOT, "  %-44s %5d   stale token lower than the new owner's: %d of %d; "
				+ "longest run after SIGCONT %s (bound %s)%n", "stale overlaps after SIGSTOP (reported apart)",
				this.staleOverlaps.size(), lowerTokens, this.staleOverlaps.size(), millis(longestTail),
				millis(this.settings.revokeTimeout())));
		out.append(line("fencing tokens not strictly increasing", this.tokenViolations, "must be 0"));
		out.append("\nlongest unowned time, by cause        count   longest  since fault    p99     bound         verdict\n");
		Map<Cause, List<Gap>> byCause = new EnumMap<>(Cause.class);
		this.gaps.forEach((gap) -> byCause.computeIfAbsent(gap.cause(), (cause) -> new ArrayList<>()).add(gap));
		byCause.forEach((cause, list) -> {
			Duration longest = list.stream().map(Gap::unowned).max(Comparator.naturalOrder()).orElseThrow();
			Duration sinceFault = list.stream().map(Gap::sinceFault).max(Comparator.naturalOrder()).orElseThrow();
			Duration p99 = percentile(list.stream().map(Gap::unowned).toList(), 0.99);
			long over = list.stream().filter(Gap::overBound).count();
			String bound = cause.graceful() ? "p99 ≤ 100ms"
					: list.stream().map(Gap::bound).max(Comparator.naturalOrder()).map((b) -> "≤ " + millis(b)).orElse("");
			boolean slow = cause.graceful() && p99.toMillis() > FaultChecker.GRACEFUL_P99.toMillis();
			String verdict = (over > 0) ? "FAIL (" + over + " over)" : slow ? "objective missed" : "ok";
			out.append(String.format(Locale.ROOT, "  %-34s %5d %9s %12s %8s   %-13s %s%n", cause.label(), list.size(),
					millis(longest), millis(sinceFault), millis(p99), bound, verdict));
		});
		List<Duration> graceful = this.gaps.stream()
			.filter((gap) -> gap.cause().graceful() && !gap.truncated())
			.map(Gap::unowned)
			.toList();
		if (!graceful.isEmpty()) {
			out.append(String.format(Locale.ROOT, "  graceful handoffs: %d, p50 %s, p90 %s, p99 %s, longest %s%n",
					graceful.size(), millis(percentile(graceful, 0.5)), millis(percentile(graceful, 0.9)),
					millis(percentile(graceful, 0.99)), millis(percentile(graceful, 1.0))));
		}
		if (this.schedulerLateness.length == 3) {
			out.append(String.format(Locale.ROOT,
					"    machine: a 10 ms sleep of the harness woke up late by %.1fms p50, %.1fms p99, %.1fms p99.9%n",
					this.schedulerLateness[0], this.schedulerLateness[1], this.schedulerLateness[2]));
		}
		if (!this.handoffPhases.isEmpty()) {
			out.append("    as the harness's owners/ watch split them, p50 / p99:");
			String[] names = { "release (REVOKED to owner key deleted)", "claim (deleted to claimed)",
					"start (claimed to ASSIGNED)" };
			for (int i = 0; i < names.length; i++) {
				int phase = i;
				List<Duration> values = this.handoffPhases.stream().map((phases) -> phases[phase]).toList();
				out.append(String.format(Locale.ROOT, "%n      %-40s %7s / %s", names[i], millis(percentile(values, 0.5)),
						millis(percentile(values, 0.99))));
			}
			out.append('\n');
		}
		out.append("\nat rest (").append(this.restChecks).append(" checks)\n");
		out.append(line("tasks owned by nobody", this.restUnowned, "must be 0"));
		out.append(line("tasks owned by two members", this.restDoublyOwned, "must be 0"));
		out.append(line("unbalanced (loads differ by more than 1)", this.restUnbalanced, "must be 0"));
		out.append(line("did not settle within the harness's wait", this.restNotSettled, "must be 0"));
		if (!this.outages.isEmpty()) {
			out.append("\netcd outages                  length   revoked all within (bound)   owned again after etcd back (bound)\n");
			for (OutageResult outage : this.outages) {
				out.append(String.format(Locale.ROOT, "  %-24s %9s %12s (%s)%s%14s (%s)%n", outage.kind(),
						millis(outage.length()), millis(outage.revokedWithin()), millis(outage.revokeBound()),
						outage.mustFence() ? "          " : " not owed ", millis(outage.recoveredWithin()),
						millis(outage.recoveryBound())));
			}
			out.append("  (\"not owed\": etcd was back before a member had to fence; etcd's new leader extends every lease)\n");
		}
		out.append("\n").append(line("revocations of bystanders (undisturbed)", this.disturbances, "must be 0"));
		out.append("\n");
		if (!this.objectivesMissed.isEmpty()) {
			out.append("LATENCY OBJECTIVE MISSED (reported, not enforced; -Dfaults.enforce-latency=true enforces it):\n");
			this.objectivesMissed.forEach((message) -> out.append("  ").append(message).append('\n'));
		}
		if (this.violations.isEmpty()) {
			out.append("VERDICT: PASS — no guarantee of DESIGN.md §4 was broken\n");
		}
		else {
			out.append("VERDICT: FAIL — ").append(this.violations.size()).append(" violation(s)\n");
			int shown = 0;
			for (Violation violation : this.violations) {
				if (shown++ == maxViolations) {
					out.append("  ... and ").append(this.violations.size() - maxViolations)
						.append(" more (all of them in violations.txt)\n");
					break;
				}
				out.append("  [").append(violation.category()).append("] ").append(violation.message()).append('\n');
				violation.evidence().forEach((line) -> out.append("      ").append(line).append('\n'));
			}
		}
		return out.toString();
	}

	private static String line(String what, long count, String expectation) {
		return String.format(Locale.ROOT, "  %-44s %5d   %s%s%n", what, count, expectation,
				(count != 0 && expectation.equals("must be 0")) ? "  FAIL" : "");
	}

	static Duration percentile(List<Duration> values, double quantile) {
		if (values.isEmpty()) {
			return Duration.ZERO;
		}
		List<Duration> sorted = values.stream().sorted().toList();
		int index = (int) Math.ceil(quantile * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	static String millis(@Nullable Duration duration) {
		if (duration == null) {
			return "-";
		}
		long ms = duration.toMillis();
		return (Math.abs(ms) >= 1000) ? String.format(Locale.ROOT, "%.2fs", ms / 1000.0) : ms + "ms";
	}

	static String seconds(Duration duration) {
		long total = duration.toSeconds();
		if (total < 60) {
			return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
		}
		return String.format(Locale.ROOT, "%dm%02ds", total / 60, total % 60);
	}

	/**
	 * A broken guarantee.
	 *
	 * @param category e.g. OVERLAP, TOKEN, UNOWNED, REST, QUORUM, DISTURBED, JOURNAL
	 * @param message what is wrong
	 * @param evidence the journal and run-log lines that show it
	 */
	record Violation(String category, String message, List<String> evidence) {
	}

	/**
	 * A task active on a resumed member after SIGSTOP while its new owner ran it: allowed by DESIGN.md §4 when
	 * the stale token is lower, and the stale member revokes on waking.
	 *
	 * @param stale the tenure of the paused member
	 * @param current the tenure of the new owner
	 * @param tail how long the stale tenure lasted after SIGCONT
	 */
	record StaleOverlap(Tenure stale, Tenure current, Duration tail) {

		boolean tokenLower() {
			return this.stale.token() < this.current.token();
		}

	}

	/**
	 * A stretch of time a task was owned by no running member.
	 *
	 * @param taskId the task
	 * @param from when its previous tenure stopped running (or it was created)
	 * @param to when the next tenure started (or the task was removed, or the run ended)
	 * @param cause what ended the previous tenure
	 * @param faultAt when the fault behind it was injected, from which the bound counts
	 * @param bound the longest {@code to - faultAt} the design allows
	 * @param truncated whether the task was removed, or the run ended, before anyone owned it again
	 * @param episode the kind of episode it began in
	 * @param evidence the journal lines of the previous tenure
	 */
	record Gap(String taskId, long from, long to, Cause cause, long faultAt, Duration bound, boolean truncated,
			String episode, String evidence) {

		Duration unowned() {
			return Duration.ofNanos(this.to - this.from);
		}

		Duration sinceFault() {
			return Duration.ofNanos(this.to - this.faultAt);
		}

		boolean overBound() {
			return sinceFault().compareTo(this.bound) > 0;
		}

	}

	/**
	 * How members went through an etcd outage.
	 *
	 * @param kind quorum loss or whole-cluster restart
	 * @param length from the loss to the start of etcd's restart
	 * @param mustFence whether it lasted long enough that every member had to fence itself
	 * @param revokedWithin longest time from the loss to a member's last revoke
	 * @param revokeBound its bound
	 * @param recoveredWithin longest time from etcd's return to a task owned again
	 * @param recoveryBound its bound
	 */
	record OutageResult(String kind, Duration length, boolean mustFence, @Nullable Duration revokedWithin,
			Duration revokeBound, @Nullable Duration recoveredWithin, Duration recoveryBound) {
	}

}
