package dev.coord.core.etcd;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.coord.core.CoordObserver;
import dev.coord.core.Keyspace;
import dev.coord.core.etcd.Records.AssignmentValue;
import dev.coord.core.etcd.Records.MemberValue;
import dev.coord.core.etcd.Records.OwnerValue;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.watch.WatchEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's copy of the cluster's keyspace, parsed. Changed only on the engine's loop thread: by a
 * full listing (which replaces everything) or by watch events (applied idempotently: an event at or below
 * the revision already applied is a redelivery and is ignored). Malformed keys are kept out of the typed
 * maps with one WARN each, and assignments that cannot be parsed are kept as keys for the leader to delete.
 */
final class KeyspaceView {

	private static final Logger logger = LoggerFactory.getLogger(KeyspaceView.class);

	private final Keyspace keyspace;

	private final long maxPayload;

	private final CoordObserver observer;

	private final Map<String, TaskEntry> tasks = new HashMap<>();

	private final Map<String, MemberEntry> members = new HashMap<>();

	private final Map<String, AssignmentEntry> assignments = new HashMap<>();

	private final Map<String, Map<String, AssignmentEntry>> assignmentsByMember = new HashMap<>();

	private final Map<String, OwnerEntry> owners = new HashMap<>();

	private final Set<String> warned = new HashSet<>();

	private @Nullable LeaderEntry leader;

	private long revision;

	KeyspaceView(Keyspace keyspace, long maxPayload, CoordObserver observer) {
		this.keyspace = keyspace;
		this.maxPayload = maxPayload;
		this.observer = observer;
	}

	/** Replaces everything with a listing taken at {@code listRevision}. */
	void replace(long listRevision, List<KeyValue> kvs) {
		this.tasks.clear();
		this.members.clear();
		this.assignments.clear();
		this.assignmentsByMember.clear();
		this.owners.clear();
		this.leader = null;
		for (KeyValue kv : kvs) {
			put(kv);
		}
		this.revision = listRevision;
	}

	/** Applies one watch response's events; returns whether anything changed. */
	boolean apply(List<WatchEvent> events) {
		boolean changed = false;
		long newest = this.revision;
		for (WatchEvent event : events) {
			KeyValue kv = event.getKeyValue();
			if (kv.getModRevision() <= this.revision) {
				continue;
			}
			if (event.getEventType() == WatchEvent.EventType.PUT) {
				put(kv);
			}
			else if (event.getEventType() == WatchEvent.EventType.DELETE) {
				delete(Etcd.string(kv.getKey()));
			}
			newest = Math.max(newest, kv.getModRevision());
			changed = true;
		}
		this.revision = newest;
		return changed;
	}

	/** A progress notification: nothing changed up to {@code headerRevision}. */
	void progress(long headerRevision) {
		this.revision = Math.max(this.revision, headerRevision);
	}

	long revision() {
		return this.revision;
	}

	Map<String, TaskEntry> tasks() {
		return this.tasks;
	}

	Map<String, MemberEntry> members() {
		return this.members;
	}

	@Nullable LeaderEntry leader() {
		return this.leader;
	}

	Collection<AssignmentEntry> assignments() {
		return this.assignments.values();
	}

	Map<String, AssignmentEntry> assignmentsOf(String memberId) {
		return this.assignmentsByMember.getOrDefault(memberId, Map.of());
	}

	Map<String, OwnerEntry> owners() {
		return this.owners;
	}

	private void put(KeyValue kv) {
		String key = Etcd.string(kv.getKey());
		String relative = this.keyspace.relative(key);
		if (relative == null) {
			return;
		}
		byte[] value = kv.getValue().getBytes();
		if (relative.startsWith(Keyspace.TASKS)) {
			putTask(key, relative.substring(Keyspace.TASKS.length()), value, kv);
		}
		else if (relative.startsWith(Keyspace.MEMBERS)) {
			String id = relative.substring(Keyspace.MEMBERS.length());
			MemberValue member = Json.read(value, MemberValue.class);
			if (member == null || !member.id().equals(id) || !Keyspace.isValidMemberId(id)) {
				warnOnce(key, "is not a valid member registration; it takes no tasks until it is");
				member = null;
			}
			this.members.put(id, new MemberEntry(id, member, kv.getLease(), kv.getCreateRevision(), kv.getModRevision()));
		}
		else if (relative.equals(Keyspace.LEADER)) {
			Records.LeaderValue leaderValue = Json.read(value, Records.LeaderValue.class);
			this.leader = new LeaderEntry((leaderValue != null) ? leaderValue.memberId() : null, kv.getLease(),
					kv.getCreateRevision());
		}
		else if (relative.startsWith(Keyspace.ASSIGNMENTS)) {
			putAssignment(key, relative.substring(Keyspace.ASSIGNMENTS.length()), value, kv);
		}
		else if (relative.startsWith(Keyspace.OWNERS)) {
			String taskId = relative.substring(Keyspace.OWNERS.length());
			OwnerValue owner = Json.read(value, OwnerValue.class);
			if (owner == null) {
				warnOnce(key, "is not a valid owner record");
			}
			this.owners.put(taskId, new OwnerEntry(taskId, key, (owner != null) ? owner.memberId() : null,
					kv.getLease(), kv.getCreateRevision(), kv.getModRevision()));
		}
	}

	private void putTask(String key, String id, byte[] payload, KeyValue kv) {
		if (!Keyspace.isValidTaskId(id)) {
			this.tasks.remove(id);
			warnOnce(key, "is not a valid task id (non-empty, at most 512 UTF-8 bytes, no control characters); "
					+ "the task is skipped until its key is fixed");
			return;
		}
		if (payload.length > this.maxPayload) {
			this.tasks.remove(id);
			warnOnce(key, "has a payload of " + payload.length + " bytes, over coord.task.max-payload ("
					+ this.maxPayload + "); the task is skipped until its payload shrinks or the limit is raised");
			return;
		}
		this.tasks.put(id, new TaskEntry(id, payload, kv.getCreateRevision(), kv.getModRevision()));
		this.warned.remove(key);
	}

	private void putAssignment(String key, String rest, byte[] value, KeyValue kv) {
		int slash = rest.indexOf('/');
		String memberId = (slash > 0) ? rest.substring(0, slash) : null;
		String taskId = (slash > 0) ? rest.substring(slash + 1) : null;
		AssignmentValue assignment = Json.read(value, AssignmentValue.class);
		boolean valid = memberId != null && taskId != null && assignment != null && Keyspace.isValidMemberId(memberId)
				&& Keyspace.isValidTaskId(taskId);
		if (!valid) {
			warnOnce(key, "is not a valid assignment; the coordinator deletes it");
		}
		AssignmentEntry entry = new AssignmentEntry(key, valid ? memberId : null, valid ? taskId : null,
				valid ? assignment : null, kv.getCreateRevision(), kv.getModRevision());
		removeAssignment(key);
		this.assignments.put(key, entry);
		if (valid) {
			this.assignmentsByMember.computeIfAbsent(memberId, (id) -> new HashMap<>()).put(taskId, entry);
		}
	}

	private void delete(String key) {
		String relative = this.keyspace.relative(key);
		if (relative == null) {
			return;
		}
		if (relative.startsWith(Keyspace.TASKS)) {
			this.tasks.remove(relative.substring(Keyspace.TASKS.length()));
		}
		else if (relative.startsWith(Keyspace.MEMBERS)) {
			this.members.remove(relative.substring(Keyspace.MEMBERS.length()));
		}
		else if (relative.equals(Keyspace.LEADER)) {
			this.leader = null;
		}
		else if (relative.startsWith(Keyspace.ASSIGNMENTS)) {
			removeAssignment(key);
		}
		else if (relative.startsWith(Keyspace.OWNERS)) {
			this.owners.remove(relative.substring(Keyspace.OWNERS.length()));
		}
		this.warned.remove(key);
	}

	private void removeAssignment(String key) {
		AssignmentEntry old = this.assignments.remove(key);
		if (old != null && old.memberId() != null) {
			Map<String, AssignmentEntry> ofMember = this.assignmentsByMember.get(old.memberId());
			if (ofMember != null) {
				ofMember.remove(old.taskId());
				if (ofMember.isEmpty()) {
					this.assignmentsByMember.remove(old.memberId());
				}
			}
		}
	}

	private void warnOnce(String key, String problem) {
		if (this.warned.add(key)) {
			logger.warn("Key '{}' {}.", key, problem);
			this.observer.invalidKeySkipped(key);
		}
	}

	/** A valid task definition. */
	record TaskEntry(String id, byte[] payload, long createRevision, long modRevision) {
	}

	/** A registration; {@code value} is null when it does not parse. */
	record MemberEntry(String id, @Nullable MemberValue value, long lease, long createRevision, long modRevision) {

		boolean assignable() {
			return value != null && value.active() && value.capacity() > 0;
		}

	}

	/** The leader key; {@code memberId} is null when its value does not parse. */
	record LeaderEntry(@Nullable String memberId, long lease, long createRevision) {
	}

	/** An assignment key; member, task and value are null when it is malformed. */
	record AssignmentEntry(String key, @Nullable String memberId, @Nullable String taskId,
			@Nullable AssignmentValue value, long createRevision, long modRevision) {
	}

	/** An owner key; {@code memberId} is null when its value does not parse. */
	record OwnerEntry(String taskId, String key, @Nullable String memberId, long lease, long createRevision,
			long modRevision) {
	}

}
