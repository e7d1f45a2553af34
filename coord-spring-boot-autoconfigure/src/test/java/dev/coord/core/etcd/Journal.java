package dev.coord.core.etcd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.coord.core.CoordListener;
import dev.coord.core.RevokeReason;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every member of a test cluster did, in one order ({@link System#nanoTime()}), and the checks of
 * DESIGN.md §4 on it. A task is active on a member from the start of its assigned listener to the end of
 * its revoked listener, or to the member's crash.
 */
final class Journal implements MemberRecorder {

	enum Kind {

		ASSIGNED, UPDATED, REVOKED, LEADER_GRANTED, LEADER_REVOKED, CRASHED

	}

	record Entry(long nanos, String member, Kind kind, @Nullable String taskId, long token,
			@Nullable RevokeReason reason, @Nullable String payload) {
	}

	/** One member's tenure of one task. */
	record Interval(String taskId, String member, long token, long from, long to, @Nullable RevokeReason reason) {
	}

	private final List<Entry> entries = new ArrayList<>();

	synchronized void record(String member, Kind kind, @Nullable String taskId, long token,
			@Nullable RevokeReason reason, @Nullable String payload) {
		this.entries.add(new Entry(System.nanoTime(), member, kind, taskId, token, reason, payload));
	}

	synchronized List<Entry> entries() {
		return List.copyOf(this.entries);
	}

	@Override
	public CoordListener listenerFor(String member) {
		return new CoordListener() {

			@Override
			public void taskAssigned(String taskId, byte[] payload, long fencingToken, String memberId) {
				record(member, Kind.ASSIGNED, taskId, fencingToken, null, new String(payload, StandardCharsets.UTF_8));
			}

			@Override
			public void taskUpdated(String taskId, byte[] payload, long fencingToken) {
				record(member, Kind.UPDATED, taskId, fencingToken, null, new String(payload, StandardCharsets.UTF_8));
			}

			@Override
			public void taskRevoked(String taskId, RevokeReason reason, long fencingToken) {
				record(member, Kind.REVOKED, taskId, fencingToken, reason, null);
			}

			@Override
			public void leadershipGranted(long epoch) {
				record(member, Kind.LEADER_GRANTED, null, epoch, null, null);
			}

			@Override
			public void leadershipRevoked(long epoch) {
				record(member, Kind.LEADER_REVOKED, null, epoch, null, null);
			}

		};
	}

	@Override
	public void crashed(String member) {
		record(member, Kind.CRASHED, null, 0, null, null);
	}

	/** Every tenure, closed ones and open ones (to = Long.MAX_VALUE). */
	synchronized List<Interval> intervals() {
		List<Interval> intervals = new ArrayList<>();
		Map<String, Map<String, Entry>> open = new HashMap<>();
		Map<String, Long> crashedAt = new HashMap<>();
		for (Entry entry : this.entries) {
			if (entry.kind() == Kind.CRASHED) {
				crashedAt.put(entry.member(), entry.nanos());
				Map<String, Entry> ofMember = open.remove(entry.member());
				if (ofMember != null) {
					ofMember.values()
						.forEach((start) -> intervals.add(new Interval(start.taskId(), start.member(), start.token(),
								start.nanos(), entry.nanos(), null)));
				}
				continue;
			}
			if (entry.taskId() == null || crashedAt.containsKey(entry.member())) {
				continue;
			}
			Map<String, Entry> ofMember = open.computeIfAbsent(entry.member(), (m) -> new HashMap<>());
			if (entry.kind() == Kind.ASSIGNED) {
				assertThat(ofMember).as("assigned twice without a revoke: %s", entry).doesNotContainKey(entry.taskId());
				ofMember.put(entry.taskId(), entry);
			}
			else if (entry.kind() == Kind.REVOKED) {
				Entry start = ofMember.remove(entry.taskId());
				assertThat(start).as("revoked without being assigned: %s", entry).isNotNull();
				intervals.add(new Interval(entry.taskId(), entry.member(), start.token(), start.nanos(), entry.nanos(),
						entry.reason()));
			}
			else if (entry.kind() == Kind.UPDATED) {
				assertThat(ofMember).as("updated while not active: %s", entry).containsKey(entry.taskId());
			}
		}
		open.values()
			.forEach((ofMember) -> ofMember.values()
				.forEach((start) -> intervals.add(new Interval(start.taskId(), start.member(), start.token(),
						start.nanos(), Long.MAX_VALUE, null))));
		return intervals;
	}

	/** No task active on two members at once; tokens of a task strictly increase from owner to owner. */
	void assertExclusiveAndFenced() {
		Map<String, List<Interval>> byTask = new TreeMap<>();
		for (Interval interval : intervals()) {
			byTask.computeIfAbsent(interval.taskId(), (t) -> new ArrayList<>()).add(interval);
		}
		byTask.forEach((task, tenures) -> {
			tenures.sort((a, b) -> Long.compare(a.from(), b.from()));
			for (int i = 1; i < tenures.size(); i++) {
				Interval before = tenures.get(i - 1);
				Interval after = tenures.get(i);
				assertThat(after.from()).as("task %s active on %s and %s at once: %s then %s", task, before.member(),
						after.member(), before, after).isGreaterThan(before.to());
				assertThat(after.token()).as("tokens of task %s must increase: %s then %s", task, before, after)
					.isGreaterThan(before.token());
			}
		});
	}

	/** The member each task is active on now. */
	Map<String, String> activeOwners() {
		Map<String, String> owners = new TreeMap<>();
		for (Interval interval : intervals()) {
			if (interval.to() == Long.MAX_VALUE) {
				owners.put(interval.taskId(), interval.member());
			}
		}
		return owners;
	}

	/** Number of tasks active per member now. */
	Map<String, Integer> loads() {
		Map<String, Integer> loads = new TreeMap<>();
		activeOwners().values().forEach((member) -> loads.merge(member, 1, Integer::sum));
		return loads;
	}

	/** Entries of one kind, in order. */
	synchronized List<Entry> of(Kind kind) {
		return this.entries.stream().filter((entry) -> entry.kind() == kind).toList();
	}

	synchronized List<Entry> of(String member, Kind kind) {
		return this.entries.stream().filter((e) -> e.member().equals(member) && e.kind() == kind).toList();
	}

}
