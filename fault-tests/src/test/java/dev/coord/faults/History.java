package dev.coord.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.coord.faults.RunLog.Event;
import org.jspecify.annotations.Nullable;

/**
 * One run put together: the harness's {@link RunLog} and every process's ownership journal, on the one
 * clock they share ({@code System.nanoTime()}, {@code CLOCK_MONOTONIC}). Turns the journals into
 * {@link Tenure tenures}: a task is active on a process from its {@code ASSIGNED} line to its
 * {@code REVOKED} line; a process killed with {@code kill -9} writes no {@code REVOKED}, so its open tenures
 * end when it was killed. What is malformed or out of turn goes to {@link #problems()}.
 */
final class History {

	private final Settings settings;

	private final List<Event> events;

	private final Map<String, Proc> procs = new LinkedHashMap<>();

	private final Map<String, TaskLife> tasks = new LinkedHashMap<>();

	private final List<Tenure> tenures = new ArrayList<>();

	private final List<JournalLine> lines = new ArrayList<>();

	private final List<FaultReport.Violation> problems = new ArrayList<>();

	private final long end;

	private final List<OwnerEvent> ownerEvents = new ArrayList<>();

	private History(List<Event> events, Map<String, List<String>> journals) {
		this.events = List.copyOf(events);
		Event run = this.events.stream()
			.filter((event) -> event.type().equals("RUN"))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("The run log has no RUN line"));
		this.settings = Settings.of(run);
		this.end = this.events.stream()
			.filter((event) -> event.type().equals("END"))
			.mapToLong(Event::nanos)
			.findFirst()
			.orElse(this.events.get(this.events.size() - 1).nanos());
		readEvents();
		journals.forEach(this::readJournal);
		this.lines.sort(Comparator.comparingLong(JournalLine::nanos));
		buildTenures();
	}

	/** Reads a run directory: {@code run.log} and the journals it names. */
	static History read(Path directory) {
		List<Event> events = RunLog.read(directory.resolve(RunLog.FILE_NAME));
		Map<String, List<String>> journals = new LinkedHashMap<>();
		for (Event event : events) {
			if (event.type().equals("START")) {
				Path journal = directory.resolve(event.get("journal"));
				try {
					journals.put(event.get("proc"),
							Files.exists(journal) ? Files.readAllLines(journal, StandardCharsets.UTF_8) : List.of());
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot read " + journal, ex);
				}
			}
		}
		History history = new History(events, journals);
		for (String[] fields : OwnerWatch.read(directory)) {
			history.ownerEvents.add(new OwnerEvent(Long.parseLong(fields[0]), fields[1].equals("PUT"),
					fields[2].replace("%20", " "), fields[3], Long.parseLong(fields[4])));
		}
		return history;
	}

	/** A history from text, for tests: run log lines, and each process's journal lines by process name. */
	static History of(List<String> runLog, Map<String, List<String>> journals) {
		return new History(RunLog.parse(runLog), journals);
	}

	private void readEvents() {
		for (Event event : this.events) {
			String proc = event.find("proc");
			switch (event.type()) {
				case "START" -> this.procs.put(proc, new Proc(proc, event.get("member"), event.nanos()));
				case "KILL" -> proc(event).killSent = event.nanos();
				case "KILLED" -> proc(event).ended(event.nanos(), EndKind.KILLED);
				case "EXITED" -> proc(event).ended(event.nanos(), EndKind.EXITED);
				case "PAUSE" -> proc(event).pauses.add(new Window(event.nanos(), Long.MAX_VALUE, event.flag("leader")));
				case "RESUME" -> proc(event).pauses.add(proc(event).pauses.remove(proc(event).pauses.size() - 1)
					.closedAt(event.nanos()));
				case "CUT" -> proc(event).cuts.add(new Window(event.nanos(), Long.MAX_VALUE, event.flag("leader")));
				case "HEAL" -> proc(event).cuts.add(proc(event).cuts.remove(proc(event).cuts.size() - 1)
					.closedAt(event.nanos()));
				case "TASK_ADDED" -> this.tasks.put(event.get("task"), new TaskLife(event.get("task"), event.nanos()));
				case "TASK_REMOVING" -> task(event).removing = event.nanos();
				case "TASK_REMOVED" -> task(event).removed = event.nanos();
				default -> {
				}
			}
			if (event.type().equals("KILL")) {
				proc(event).leaderAtKill = event.flag("leader");
			}
		}
	}

	private Proc proc(Event event) {
		Proc proc = this.procs.get(event.get("proc"));
		if (proc == null) {
			throw new IllegalArgumentException("Run log names a process it never started: " + event);
		}
		return proc;
	}

	private TaskLife task(Event event) {
		TaskLife task = this.tasks.get(event.get("task"));
		if (task == null) {
			throw new IllegalArgumentException("Run log removes a task it never added: " + event);
		}
		return task;
	}

	private void readJournal(String procName, List<String> text) {
		Proc proc = this.procs.get(procName);
		for (int i = 0; i < text.size(); i++) {
			if (text.get(i).isEmpty() && i == text.size() - 1) {
				continue;
			}
			JournalLine line;
			try {
				line = JournalLine.parse(procName, i + 1, text.get(i));
			}
			catch (IllegalArgumentException ex) {
				problem("malformed journal line (" + ex.getMessage() + "): " + procName + ".journal:" + (i + 1)
						+ "  " + text.get(i));
				continue;
			}
			if (line.nanos() > this.end) {
				continue; // written while the harness tore the cluster down
			}
			if (proc != null && !line.member().equals(proc.member)) {
				problem("journal of " + procName + " (member " + proc.member + ") has a line of another member: "
						+ line.cite());
			}
			if (proc != null && proc.endKind == EndKind.KILLED && line.nanos() > proc.end) {
				problem("a line written after its process was killed: " + line.cite());
				continue;
			}
			this.lines.add(line);
		}
	}

	private void buildTenures() {
		Map<String, Map<String, JournalLine>> open = new LinkedHashMap<>();
		for (JournalLine line : this.lines) {
			if (!line.isTask()) {
				continue;
			}
			Map<String, JournalLine> ofProc = open.computeIfAbsent(line.proc(), (proc) -> new LinkedHashMap<>());
			if (line.kind().equals(JournalLine.ASSIGNED)) {
				JournalLine earlier = ofProc.get(line.taskId());
				if (earlier != null) {
					// DESIGN.md §3 "Events": assigned, (updated...), revoked, assigned... A second assigned
					// event starts the work a second time; the first one is never stopped by the one revoke.
					categorized("DOUBLE_ASSIGNED", "task '" + line.taskId() + "' assigned again on " + line.proc()
							+ " before being revoked (a second TaskAssignedEvent while the first still runs)",
							earlier.cite(), line.cite());
				}
				else {
					ofProc.put(line.taskId(), line);
				}
			}
			else {
				JournalLine start = ofProc.remove(line.taskId());
				if (start == null) {
					problem("revoked without being assigned: " + line.cite());
				}
				else {
					if (start.token() != line.token()) {
						problem("revoked with another token than assigned (" + start.token() + "): " + line.cite());
					}
					add(start, line.nanos(), EndKind.REVOKED, line);
				}
			}
		}
		open.forEach((procName, ofProc) -> ofProc.values().forEach((start) -> {
			Proc proc = this.procs.get(procName);
			if (proc != null && proc.endKind != null && proc.end <= this.end) {
				if (proc.endKind == EndKind.EXITED) {
					problem(procName + " exited with task " + start.taskId()
							+ " still active (no REVOKED line after a graceful stop): " + start.cite());
				}
				add(start, proc.end, proc.endKind, null);
			}
			else {
				add(start, this.end, EndKind.OPEN, null);
			}
		}));
		this.tenures.sort(Comparator.comparingLong(Tenure::start).thenComparing(Tenure::proc));
	}

	private void add(JournalLine start, long endNanos, EndKind endKind, @Nullable JournalLine revoked) {
		Proc proc = this.procs.get(start.proc());
		long runningUntil = endNanos;
		if (endKind == EndKind.KILLED && proc != null && proc.killSent != 0) {
			runningUntil = proc.killSent;
		}
		boolean pausedAtEnd = false;
		if (proc != null) {
			for (Window pause : proc.pauses) {
				if (pause.from() >= start.nanos() && pause.from() < runningUntil) {
					runningUntil = pause.from();
					pausedAtEnd = true;
					break;
				}
			}
		}
		this.tenures.add(new Tenure(start.taskId(), start.proc(), start.member(), start.token(), start.nanos(), endNanos,
				runningUntil, endKind, (revoked != null) ? revoked.reason() : null, pausedAtEnd, start, revoked));
	}

	Settings settings() {
		return this.settings;
	}

	List<Event> events() {
		return this.events;
	}

	List<Event> events(String type) {
		return this.events.stream().filter((event) -> event.type().equals(type)).toList();
	}

	Map<String, Proc> procs() {
		return this.procs;
	}

	Map<String, TaskLife> tasks() {
		return this.tasks;
	}

	/** Every tenure, by start. */
	List<Tenure> tenures() {
		return this.tenures;
	}

	Map<String, List<Tenure>> tenuresByTask() {
		Map<String, List<Tenure>> byTask = new LinkedHashMap<>();
		for (Tenure tenure : this.tenures) {
			byTask.computeIfAbsent(tenure.taskId(), (task) -> new ArrayList<>()).add(tenure);
		}
		return byTask;
	}

	/** What the harness's watch on {@code owners/} saw, if it ran: diagnosis only. */
	List<OwnerEvent> ownerEvents() {
		return this.ownerEvents;
	}

	/** Task lines of all journals, by stamp. */
	List<JournalLine> lines() {
		return this.lines;
	}

	/** Malformed journals, and events out of turn: each one a violation. */
	List<FaultReport.Violation> problems() {
		return this.problems;
	}

	private void problem(String message, String... evidence) {
		this.problems.add(new FaultReport.Violation("JOURNAL", message, List.of(evidence)));
	}

	private void categorized(String category, String message, String... evidence) {
		this.problems.add(new FaultReport.Violation(category, message, List.of(evidence)));
	}

	/** When the run ended (the harness's END line): what came after is the teardown. */
	long end() {
		return this.end;
	}

	/** When the cluster first came to rest: liveness is measured from there. */
	long firstRest() {
		return events("REST").stream().mapToLong(Event::nanos).findFirst().orElse(this.end);
	}

	/** The member id a process ran as. */
	Optional<Proc> proc(String name) {
		return Optional.ofNullable(this.procs.get(name));
	}

	/** The process stamps, its member id and what was done to it. */
	static final class Proc {

		final String name;

		final String member;

		final long start;

		long killSent;

		boolean leaderAtKill;

		long end = Long.MAX_VALUE;

		@Nullable EndKind endKind;

		final List<Window> pauses = new ArrayList<>();

		final List<Window> cuts = new ArrayList<>();

		Proc(String name, String member, long start) {
			this.name = name;
			this.member = member;
			this.start = start;
		}

		void ended(long nanos, EndKind kind) {
			this.end = nanos;
			this.endKind = kind;
		}

		/** Whether it runs and talks to etcd at that instant: started, not ended, paused or cut off. */
		boolean liveAt(long nanos) {
			return this.start <= nanos && nanos < this.end && !within(this.pauses, nanos) && !within(this.cuts, nanos);
		}

		boolean pausedAt(long nanos) {
			return within(this.pauses, nanos);
		}

		@Nullable Window cutAt(long nanos) {
			return this.cuts.stream().filter((cut) -> cut.contains(nanos)).findFirst().orElse(null);
		}

		private static boolean within(List<Window> windows, long nanos) {
			return windows.stream().anyMatch((window) -> window.contains(nanos));
		}

	}

	/** A task from its creation to its removal. */
	static final class TaskLife {

		final String id;

		final long created;

		long removing = Long.MAX_VALUE;

		long removed = Long.MAX_VALUE;

		TaskLife(String id, long created) {
			this.id = id;
			this.created = created;
		}

		boolean existsAt(long nanos) {
			return this.created <= nanos && nanos < this.removing;
		}

	}

	/**
	 * A stretch of time {@code [from, to)} when a process was paused or cut off.
	 *
	 * @param leader whether it was the coord leader when it began
	 */
	record Window(long from, long to, boolean leader) {

		boolean contains(long nanos) {
			return this.from <= nanos && nanos < this.to;
		}

		Window closedAt(long nanos) {
			return new Window(this.from, nanos, this.leader);
		}

	}

	/**
	 * A change of an {@code owners/} key, as the harness's watch heard it.
	 *
	 * @param nanos when the harness heard it
	 * @param put a claim (true) or a release or expiry (false)
	 * @param taskId the task
	 * @param member the claiming member, {@code -} for a delete
	 * @param revision the change's revision
	 */
	record OwnerEvent(long nanos, boolean put, String taskId, String member, long revision) {
	}

	/** How a tenure ended. */
	enum EndKind {

		/** Its REVOKED line. */
		REVOKED,
		/** Its process was killed ({@code kill -9}). */
		KILLED,
		/** Its process exited without a REVOKED line. */
		EXITED,
		/** Still active when the run ended. */
		OPEN

	}

	/**
	 * One process's tenure of one task.
	 *
	 * @param taskId the task
	 * @param proc the process
	 * @param member its member id
	 * @param token the fencing token
	 * @param start its ASSIGNED line's stamp
	 * @param end its REVOKED line's stamp, or when its process was killed or exited, or the end of the run
	 * @param runningUntil when it stopped running for liveness: its end, or when its process was paused or
	 * sent {@code SIGKILL}, if earlier
	 * @param endKind how it ended
	 * @param reason the revoke's reason, when revoked
	 * @param pausedAtEnd whether it stopped running because its process was paused (SIGSTOP)
	 * @param assigned its ASSIGNED line
	 * @param revoked its REVOKED line, if any
	 */
	record Tenure(String taskId, String proc, String member, long token, long start, long end, long runningUntil,
			EndKind endKind, @Nullable String reason, boolean pausedAtEnd, JournalLine assigned,
			@Nullable JournalLine revoked) {

		boolean activeAt(long nanos) {
			return this.start <= nanos && nanos < this.end;
		}

		boolean runningAt(long nanos) {
			return this.start <= nanos && nanos < this.runningUntil;
		}

		String cite() {
			return this.assigned.cite() + ((this.revoked != null) ? "\n      " + this.revoked.cite()
					: "\n      (" + this.endKind.name().toLowerCase() + " at " + this.end + ")");
		}

	}

	/**
	 * The coord settings the run used, and the timings the checker's bounds are made of.
	 *
	 * @param seed the schedule's seed
	 * @param mode short or soak
	 * @param ttl {@code coord.member.lease-ttl}
	 * @param renewDeadline {@code coord.member.renew-deadline}
	 * @param revokeTimeout {@code coord.member.revoke-timeout}
	 * @param etcdElection etcd's {@code --election-timeout}
	 * @param interval {@code coord.rebalance.interval}
	 */
	record Settings(long seed, String mode, Duration ttl, Duration renewDeadline, Duration revokeTimeout,
			Duration etcdElection, Duration interval) {

		static Settings of(Event run) {
			return new Settings(run.number("seed"), run.get("mode"), Duration.ofMillis(run.number("ttlMs")),
					Duration.ofMillis(run.number("renewDeadlineMs")), Duration.ofMillis(run.number("revokeTimeoutMs")),
					Duration.ofMillis(run.number("etcdElectionMs")), Duration.ofMillis(run.number("intervalMs")));
		}

	}

}
