package dev.coord.core;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The names of a cluster's keys (DESIGN.md §2), and the checks on the ids inside them.
 */
public final class Keyspace {

	public static final String TASKS = "tasks/";

	public static final String MEMBERS = "members/";

	public static final String LEADER = "leader";

	public static final String ASSIGNMENTS = "assignments/";

	public static final String OWNERS = "owners/";

	/** The longest task id, in UTF-8 bytes. */
	public static final int MAX_TASK_ID_BYTES = 512;

	private static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	private final String prefix;

	public Keyspace(String prefix) {
		this.prefix = prefix;
	}

	/** The cluster's prefix, ending in '/'. */
	public String prefix() {
		return this.prefix;
	}

	public String task(String taskId) {
		return this.prefix + TASKS + taskId;
	}

	public String member(String memberId) {
		return this.prefix + MEMBERS + memberId;
	}

	public String leader() {
		return this.prefix + LEADER;
	}

	public String assignment(String memberId, String taskId) {
		return this.prefix + ASSIGNMENTS + memberId + "/" + taskId;
	}

	public String owner(String taskId) {
		return this.prefix + OWNERS + taskId;
	}

	/** The key relative to the cluster's prefix, or null when it lies outside it. */
	public @Nullable String relative(String key) {
		return key.startsWith(this.prefix) ? key.substring(this.prefix.length()) : null;
	}

	/** Whether a task id is valid: non-empty, at most 512 UTF-8 bytes, no control characters. */
	public static boolean isValidTaskId(String taskId) {
		if (taskId.isEmpty() || taskId.getBytes(StandardCharsets.UTF_8).length > MAX_TASK_ID_BYTES) {
			return false;
		}
		return taskId.codePoints().noneMatch(Character::isISOControl);
	}

	/** Whether a member id is valid: {@code [A-Za-z0-9._-]{1,128}}. */
	public static boolean isValidMemberId(String memberId) {
		return MEMBER_ID.matcher(memberId).matches();
	}

}
