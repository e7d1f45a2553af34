package dev.coord.event;

import org.jspecify.annotations.Nullable;

/**
 * This member now owns a task: start its work. Published after the member's ownership of the task was
 * written to etcd, and only once the previous owner's revoked listener returned.
 * <p>
 * Published synchronously on one of coord's dispatch threads ({@code coord.worker.listener-threads}),
 * never on a jetcd thread. Start long work on your own executor and return: the listener of one task
 * holds up that task's later events.
 */
public final class TaskAssignedEvent extends TaskEvent {

	private final TaskPayload payload;

	private final String memberId;

	/**
	 * Creates an event whose payload cannot be converted with {@link #payloadAs(Class)}.
	 * @param source the publisher
	 * @param taskId the task
	 * @param payload the task's payload
	 * @param fencingToken the fencing token
	 * @param memberId this member's id
	 */
	public TaskAssignedEvent(Object source, String taskId, byte[] payload, long fencingToken, String memberId) {
		this(source, taskId, payload, fencingToken, memberId, null);
	}

	/**
	 * Creates an event.
	 * @param source the publisher
	 * @param taskId the task
	 * @param payload the task's payload, copied
	 * @param fencingToken the fencing token
	 * @param memberId this member's id
	 * @param converter reads the payload for {@link #payloadAs(Class)}, or null
	 */
	public TaskAssignedEvent(Object source, String taskId, byte[] payload, long fencingToken, String memberId,
			@Nullable PayloadConverter converter) {
		super(source, taskId, fencingToken);
		this.payload = new TaskPayload(payload, converter);
		this.memberId = memberId;
	}

	/** The task's payload as its owner read it when claiming the task: a copy. */
	public byte[] getPayload() {
		return this.payload.bytes();
	}

	/** The task's payload decoded as UTF-8. */
	public String getPayloadAsString() {
		return this.payload.string();
	}

	/**
	 * The task's payload read as the given type, by default through the context's Jackson
	 * {@code JsonMapper}.
	 * @param type the type to read
	 * @param <T> the type
	 * @return the payload as that type
	 * @throws IllegalStateException when there is no {@link PayloadConverter} (no Jackson)
	 */
	public <T> T payloadAs(Class<T> type) {
		return this.payload.as(type);
	}

	/** The id of this member, which now owns the task. */
	public String getMemberId() {
		return this.memberId;
	}

	@Override
	public String toString() {
		return "TaskAssignedEvent[taskId=" + getTaskId() + ", fencingToken=" + getFencingToken() + ", memberId="
				+ this.memberId + ", payload=" + this.payload.size() + " bytes]";
	}

}
