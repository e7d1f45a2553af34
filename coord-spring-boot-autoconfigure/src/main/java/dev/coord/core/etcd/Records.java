package dev.coord.core.etcd;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON values of the keyspace (DESIGN.md §2). Field names are part of the contract: operators read
 * them with etcdctl.
 */
final class Records {

	private Records() {
	}

	/** {@code members/{id}}. */
	record MemberValue(String id, String host, long pid, int capacity, Map<String, String> labels, String state,
			long startedAt, String version) {

		static final String ACTIVE = "ACTIVE";

		static final String DRAINING = "DRAINING";

		MemberValue withState(String newState) {
			return new MemberValue(id, host, pid, capacity, labels, newState, startedAt, version);
		}

		boolean active() {
			return ACTIVE.equals(state);
		}

	}

	/** {@code leader}: the lease is written in hex, as etcdctl prints it. */
	record LeaderValue(String memberId, String lease) {
	}

	/** {@code assignments/{member}/{task}}: {@code taskRevision} is the create revision of the task's key. */
	record AssignmentValue(long epoch, long taskRevision, long assignedAt) {
	}

	/** {@code owners/{task}}. */
	record OwnerValue(String memberId, String lease) {
	}

	static String hex(long lease) {
		return Long.toHexString(lease);
	}

	static @Nullable Long parseHex(@Nullable String lease) {
		try {
			return (lease != null) ? Long.parseUnsignedLong(lease, 16) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
