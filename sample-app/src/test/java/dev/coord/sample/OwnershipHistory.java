package dev.coord.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The ownership journals of several instances, merged into one history by their {@code System.nanoTime()}
 * stamps (one clock for every process of a Linux machine), and checked against DESIGN.md §4: no task
 * active on two members at once, fencing tokens of a task strictly increasing from owner to owner, every
 * line well formed, and each member's events of a task alternating.
 * <p>
 * A task is active on a member from its {@code ASSIGNED} line to its {@code REVOKED} line. A member that
 * was killed writes no {@code REVOKED}: {@link #crashed} ends its open tenures at the time of the kill.
 */
final class OwnershipHistory {

	private static final Set<String> KINDS = Set.of("ASSIGNED", "REVOKED", "LEADER_GRANTED", "LEADER_REVOKED");

	private static final Set<String> REASONS = Set.of("REASSIGNED", "TASK_REMOVED", "LEASE_LOST", "SHUTDOWN");

	private final List<Line> lines;

	private final List<String> problems = new ArrayList<>();

	private final Map<String, Long> crashes = new HashMap<>();

	private OwnershipHistory(List<Line> lines, List<String> problems) {
		this.lines = lines;
		this.problems.addAll(problems);
	}

	/** Reads and merges journals; a journal that does not exist has no lines (the member never got a task). */
	static OwnershipHistory read(Collection<Path> journals) {
		List<Line> lines = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (Path journal : journals) {
			if (!Files.exists(journal)) {
				continue;
			}
			try {
				List<String> text = Files.readAllLines(journal, StandardCharsets.UTF_8);
				for (int i = 0; i < text.size(); i++) {
					String where = journal.getFileName() + ":" + (i + 1);
					Line line = parse(text.get(i), where, problems);
					if (line != null) {
						lines.add(line);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		lines.sort(Comparator.comparingLong(Line::nanos));
		return new OwnershipHistory(lines, problems);
	}

	/** Records that {@code member} was killed at {@code nanos}: its open tenures end there. */
	OwnershipHistory crashed(String member, long nanos) {
		this.crashes.put(member, nanos);
		return this;
	}

	List<Line> lines() {
		return List.copyOf(this.lines);
	}

	/** Every tenure, in order of start; one still open ends at {@link Long#MAX_VALUE}. */
	List<Tenure> tenures() {
		return analyse().tenures();
	}

	/**
	 * Everything wrong with the history: malformed lines, events out of turn, overlapping tenures, tokens
	 * that do not increase. Empty for a correct history.
	 */
	List<String> problems() {
		return analyse().problems();
	}

	/** The tasks each member owns at the end of the history, by member. */
	Map<String, List<String>> ownersAtEnd() {
		Map<String, List<String>> owners = new TreeMap<>();
		for (Tenure tenure : tenures()) {
			if (tenure.to() == Long.MAX_VALUE) {
				owners.computeIfAbsent(tenure.member(), (member) -> new ArrayList<>()).add(tenure.taskId());
			}
		}
		owners.values().forEach((tasks) -> tasks.sort(null));
		return owners;
	}

	private Analysis analyse() {
		List<String> problems = new ArrayList<>(this.problems);
		List<Tenure> tenures = new ArrayList<>();
		Map<String, Map<String, Line>> open = new LinkedHashMap<>();
		for (Line line : this.lines) {
			if (line.taskId() == null) {
				continue;
			}
			Long crashedAt = this.crashes.get(line.member());
			if (crashedAt != null && line.nanos() > crashedAt) {
				problems.add("a line after its member was killed: " + line);
				continue;
			}
			Map<String, Line> ofMember = open.computeIfAbsent(line.member(), (member) -> new LinkedHashMap<>());
			if (line.kind().equals("ASSIGNED")) {
				if (ofMember.containsKey(line.taskId())) {
					problems.add("assigned again before being revoked: " + line);
				}
				ofMember.put(line.taskId(), line);
			}
			else {
				Line start = ofMember.remove(line.taskId());
				if (start == null) {
					problems.add("revoked without being assigned: " + line);
				}
				else {
					if (start.token() != line.token()) {
						problems.add("revoked with another token than it was assigned with (" + start.token() + "): "
								+ line);
					}
					tenures.add(new Tenure(line.taskId(), line.member(), start.token(), start.nanos(), line.nanos(),
							line.reason()));
				}
			}
		}
		open.forEach((member, ofMember) -> ofMember.values().forEach((start) -> {
			Long crashedAt = this.crashes.get(member);
			tenures.add(new Tenure(start.taskId(), member, start.token(), start.nanos(),
					(crashedAt != null) ? crashedAt : Long.MAX_VALUE, (crashedAt != null) ? "KILLED" : null));
		}));
		tenures.sort(Comparator.comparingLong(Tenure::from));
		Map<String, Tenure> previous = new HashMap<>();
		Map<String, Tenure> lastToEnd = new HashMap<>();
		for (Tenure tenure : tenures) {
			Tenure reaching = lastToEnd.get(tenure.taskId());
			if (reaching != null && reaching.to() > tenure.from()) {
				problems.add("active on two members at once: " + reaching + " and " + tenure);
			}
			if (reaching == null || tenure.to() > reaching.to()) {
				lastToEnd.put(tenure.taskId(), tenure);
			}
			Tenure before = previous.put(tenure.taskId(), tenure);
			if (before != null && before.token() >= tenure.token()) {
				problems.add("fencing token did not increase: " + before + " then " + tenure);
			}
		}
		return new Analysis(tenures, problems);
	}

	private static @Nullable Line parse(String text, String where, List<String> problems) {
		String[] fields = text.split(" ", -1);
		if (fields.length != 7) {
			problems.add(where + ": not 7 fields: '" + text + "'");
			return null;
		}
		try {
			long nanos = Long.parseLong(fields[0]);
			long millis = Long.parseLong(fields[1]);
			String member = fields[2];
			String kind = fields[3];
			if (!member.matches("[A-Za-z0-9._-]{1,128}")) {
				problems.add(where + ": not a member id: '" + text + "'");
			}
			if (!KINDS.contains(kind)) {
				problems.add(where + ": unknown kind: '" + text + "'");
				return null;
			}
			boolean task = kind.equals("ASSIGNED") || kind.equals("REVOKED");
			String taskId = fields[4].equals("-") ? null : URLDecoder.decode(fields[4], StandardCharsets.UTF_8);
			long token = Long.parseLong(fields[5]);
			String reason = fields[6].equals("-") ? null : fields[6];
			if (task != (taskId != null)) {
				problems.add(where + ": task id " + (task ? "missing" : "where none applies") + ": '" + text + "'");
			}
			if (kind.equals("REVOKED") ? (reason == null || !REASONS.contains(reason)) : reason != null) {
				problems.add(where + ": wrong reason for " + kind + ": '" + text + "'");
			}
			return new Line(nanos, millis, member, kind, taskId, token, reason);
		}
		catch (NumberFormatException ex) {
			problems.add(where + ": not a number where one belongs: '" + text + "'");
			return null;
		}
	}

	/**
	 * One line of a journal.
	 *
	 * @param nanos {@code System.nanoTime()} when it was written
	 * @param millis wall-clock time when it was written
	 * @param member the member that wrote it
	 * @param kind ASSIGNED, REVOKED, LEADER_GRANTED or LEADER_REVOKED
	 * @param taskId the task, or null for a leadership line
	 * @param token the fencing token, or the leader's epoch for a leadership line
	 * @param reason the reason of a revoke, else null
	 */
	record Line(long nanos, long millis, String member, String kind, @Nullable String taskId, long token,
			@Nullable String reason) {

	}

	/**
	 * One member's tenure of one task: from its assigned listener's start to its revoked listener's end.
	 *
	 * @param taskId the task
	 * @param member the member
	 * @param token the tenure's fencing token
	 * @param from when it started ({@code System.nanoTime()})
	 * @param to when it ended; {@link Long#MAX_VALUE} while open
	 * @param endReason why it ended: a revoke reason, KILLED, or null while open
	 */
	record Tenure(String taskId, String member, long token, long from, long to, @Nullable String endReason) {

	}

	private record Analysis(List<Tenure> tenures, List<String> problems) {

	}

}
