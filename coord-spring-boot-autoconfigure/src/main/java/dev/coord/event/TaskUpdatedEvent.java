package dev.coord.event;

import org.jspecify.annotations.Nullable;

/**
 * The payload of a task this member owns changed in etcd. The ownership, and so the fencing token, stays
 * the same. Published on the task's dispatch thread, between its {@link TaskAssignedEvent} and its
 * {@link TaskRevokedEvent}.
 */
public final class TaskUpdatedEvent extends TaskEvent {

	private final TaskPayload payload;

	/**
	 * Creates an event whose payload cannot be converted with {@link #payloadAs(Class)}.
	 * @param source the publisher
	 * @param taskId the task
	 * @param payload the new payload
	 * @param fencingToken the fencing token
	 */
	public TaskUpdatedEvent(Object source, String taskId, byte[] payload, long fencingToken) {
		this(source, taskId, payload, fencingToken, null);
	}

	/**
	 * Creates an event.
	 * @param source the publisher
	 * @param taskId the task
	 * @param payload the new payload, copied
	 * @param fencingToken the fencing token
	 * @param converter reads the payload for {@link #payloadAs(Class)}, or null
	 */
	public TaskUpdatedEvent(Object source, String taskId, byte[] payload, long fencingToken,
			@Nullable PayloadConverter converter) {
		super(source, taskId, fencingToken);
		this.payload = new TaskPayload(payload, converter);
	}

	/** The task's new payload: a copy. */
	public byte[] getPayload() {
		return this.payload.bytes();
	}

	/** The task's new payload decoded as UTF-8. */
	public String getPayloadAsString() {
		return this.payload.string();
	}

	/**
	 * The task's new payload read as the given type, by default through the context's Jackson
	 * {@code JsonMapper}.
	 * @param type the type to read
	 * @param <T> the type
	 * @return the payload as that type
	 * @throws IllegalStateException when there is no {@link PayloadConverter} (no Jackson)
	 */
	public <T> T payloadAs(Class<T> type) {
		return this.payload.as(type);
	}

	@Override
	public String toString() {
		return "TaskUpdatedEvent[taskId=" + getTaskId() + ", fencingToken=" + getFencingToken() + ", payload="
				+ this.payload.size() + " bytes]";
	}

}
