package dev.coord.faults;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One line of a member's ownership journal (README, "The ownership journal"):
 * {@code <nanoTime> <epochMillis> <memberId> <KIND> <taskId> <fencingToken> <reason>}, {@code -} where a
 * field does not apply, a space or {@code %} in a task id escaped as {@code %20} or {@code %25}.
 *
 * @param proc the process whose journal it is in (the journal's file name without {@code .journal})
 * @param lineNumber its line number in that journal, from 1
 * @param nanos {@code System.nanoTime()} when written
 * @param millis wall-clock time when written
 * @param member the member id
 * @param kind ASSIGNED, REVOKED, LEADER_GRANTED or LEADER_REVOKED
 * @param taskId the task, or null for a leadership line
 * @param token the fencing token, or a leader's epoch
 * @param reason the revoke's reason, else null
 * @param text the line as written
 */
record JournalLine(String proc, int lineNumber, long nanos, long millis, String member, String kind,
		@Nullable String taskId, long token, @Nullable String reason, String text) {

	static final String ASSIGNED = "ASSIGNED";

	static final String REVOKED = "REVOKED";

	private static final Set<String> KINDS = Set.of(ASSIGNED, REVOKED, "LEADER_GRANTED", "LEADER_REVOKED");

	private static final Set<String> REASONS = Set.of("REASSIGNED", "TASK_REMOVED", "LEASE_LOST", "SHUTDOWN");

	/**
	 * Parses a line.
	 * @throws IllegalArgumentException with what is wrong, when it is malformed
	 */
	static JournalLine parse(String proc, int lineNumber, String text) {
		String[] fields = text.split(" ", -1);
		if (fields.length != 7) {
			throw new IllegalArgumentException("not 7 fields");
		}
		String kind = fields[3];
		if (!KINDS.contains(kind)) {
			throw new IllegalArgumentException("unknown kind " + kind);
		}
		if (!fields[2].matches("[A-Za-z0-9._-]{1,128}")) {
			throw new IllegalArgumentException("not a member id: " + fields[2]);
		}
		boolean task = kind.equals(ASSIGNED) || kind.equals(REVOKED);
		String taskId = fields[4].equals("-") ? null : URLDecoder.decode(fields[4], StandardCharsets.UTF_8);
		if (task != (taskId != null)) {
			throw new IllegalArgumentException(task ? "no task id" : "a task id where none applies");
		}
		String reason = fields[6].equals("-") ? null : fields[6];
		if (kind.equals(REVOKED) ? (reason == null || !REASONS.contains(reason)) : reason != null) {
			throw new IllegalArgumentException("wrong reason for " + kind + ": " + fields[6]);
		}
		try {
			return new JournalLine(proc, lineNumber, Long.parseLong(fields[0]), Long.parseLong(fields[1]), fields[2],
					kind, taskId, Long.parseLong(fields[5]), reason, text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not a number where one belongs");
		}
	}

	boolean isTask() {
		return this.taskId != null;
	}

	/** Where it is, and what it says: evidence for a report. */
	String cite() {
		return this.proc + ".journal:" + this.lineNumber + "  " + this.text;
	}

}
