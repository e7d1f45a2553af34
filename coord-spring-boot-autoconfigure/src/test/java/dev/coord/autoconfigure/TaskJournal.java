package dev.coord.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.coord.core.RevokeReason;
import dev.coord.event.TaskAssignedEvent;
import dev.coord.event.TaskRevokedEvent;
import dev.coord.event.TaskUpdatedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the {@code @EventListener}s of every context of a test saw, in the order they saw it, and whether
 * a task was ever active on two members at once (active: from the start of its assigned listener to the
 * end of its revoked listener).
 */
final class TaskJournal {

	private final List<Entry> entries = new CopyOnWriteArrayList<>();

	private final Map<String, String> active = new ConcurrentHashMap<>();

	private final List<String> overlaps = new CopyOnWriteArrayList<>();

	/** A listener bean for one member's context. */
	Listener listener() {
		return new Listener(this);
	}

	List<Entry> entries() {
		return List.copyOf(this.entries);
	}

	List<Entry> of(String member) {
		return this.entries.stream().filter((entry) -> entry.member().equals(member)).toList();
	}

	/** Tasks active on the member now, by this journal. */
	List<String> activeOn(String member) {
		return this.active.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals(member))
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
	}

	/**
	 * No task ran on two members at once; per task and member the events alternate assigned, revoked; and
	 * the fencing tokens of a task grow from owner to owner.
	 */
	void assertExclusiveAndOrdered() {
		assertThat(this.overlaps).as("tasks active on two members at once").isEmpty();
		Map<String, List<Entry>> byTask = this.entries.stream()
			.filter((entry) -> entry.kind() != Kind.UPDATED)
			.collect(Collectors.groupingBy(Entry::task));
		byTask.forEach((task, events) -> {
			long lastToken = 0;
			Entry previous = null;
			for (Entry event : events) {
				if (event.kind() == Kind.ASSIGNED) {
					assertThat(previous == null || previous.kind() == Kind.REVOKED)
						.as("%s assigned to %s while still assigned: %s", task, event.member(), events)
						.isTrue();
					assertThat(event.token()).as("fencing token of %s: %s", task, events).isGreaterThan(lastToken);
					lastToken = event.token();
				}
				else {
					assertThat(previous).as("%s revoked before assigned: %s", task, events).isNotNull();
					assertThat(previous.kind()).as("%s revoked twice: %s", task, events).isEqualTo(Kind.ASSIGNED);
					assertThat(previous.member()).as("%s revoked on another member: %s", task, events)
						.isEqualTo(event.member());
					assertThat(event.token()).isEqualTo(previous.token());
				}
				previous = event;
			}
		});
	}

	enum Kind {

		ASSIGNED, UPDATED, REVOKED

	}

	/**
	 * One event as a listener saw it; {@code payload} is the payload read through the context's JSON
	 * mapper.
	 */
	record Entry(String member, String task, Kind kind, long token, @Nullable RevokeReason reason,
			@Nullable Order payload, long nanos) {
	}

	record Order(String id, int quantity) {
	}

	static final class Listener {

		private final TaskJournal journal;

		Listener(TaskJournal journal) {
			this.journal = journal;
		}

		@EventListener
		void on(TaskAssignedEvent event) {
			String previous = this.journal.active.putIfAbsent(event.getTaskId(), event.getMemberId());
			if (previous != null) {
				this.journal.overlaps.add(event.getTaskId() + " assigned to " + event.getMemberId()
						+ " while active on " + previous);
			}
			this.journal.entries.add(new Entry(event.getMemberId(), event.getTaskId(), Kind.ASSIGNED,
					event.getFencingToken(), null, event.payloadAs(Order.class), System.nanoTime()));
		}

		@EventListener
		void on(TaskUpdatedEvent event) {
			String member = ((Coordinator) event.getSource()).getMemberId();
			this.journal.entries.add(new Entry(member, event.getTaskId(), Kind.UPDATED, event.getFencingToken(), null,
					event.payloadAs(Order.class), System.nanoTime()));
		}

		@EventListener
		void on(TaskRevokedEvent event) {
			String member = ((Coordinator) event.getSource()).getMemberId();
			this.journal.entries.add(new Entry(member, event.getTaskId(), Kind.REVOKED, event.getFencingToken(),
					event.getReason(), null, System.nanoTime()));
			this.journal.active.remove(event.getTaskId(), member);
		}

	}

	@Override
	public String toString() {
		return new ArrayList<>(this.entries).toString();
	}

}
