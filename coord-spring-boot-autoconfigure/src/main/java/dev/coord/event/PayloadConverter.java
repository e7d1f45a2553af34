package dev.coord.event;

/**
 * Turns a task's payload into an object of the application's choosing, for
 * {@link TaskAssignedEvent#payloadAs(Class)} and {@link TaskUpdatedEvent#payloadAs(Class)}. The
 * auto-configuration provides one backed by the context's Jackson {@code JsonMapper}; define a bean of
 * this type to read payloads another way.
 */
public interface PayloadConverter {

	/**
	 * Reads the payload as the given type.
	 * @param payload the task's payload, never modified
	 * @param type the type to read it as
	 * @param <T> the type
	 * @return the payload as that type
	 * @throws IllegalArgumentException when the payload cannot be read as that type
	 */
	<T> T convert(byte[] payload, Class<T> type);

}
