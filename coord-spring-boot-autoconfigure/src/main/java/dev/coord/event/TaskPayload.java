package dev.coord.event;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A payload held by an event: copied in, copied out, so that the event stays immutable.
 */
final class TaskPayload {

	private final byte[] bytes;

	private final @Nullable PayloadConverter converter;

	TaskPayload(byte[] bytes, @Nullable PayloadConverter converter) {
		this.bytes = bytes.clone();
		this.converter = converter;
	}

	byte[] bytes() {
		return this.bytes.clone();
	}

	String string() {
		return new String(this.bytes, StandardCharsets.UTF_8);
	}

	<T> T as(Class<T> type) {
		if (this.converter == null) {
			throw new IllegalStateException("No PayloadConverter to read the payload as " + type.getName()
					+ ": add Jackson (spring-boot-starter-jackson) so that the context has a JsonMapper, "
					+ "or define a PayloadConverter bean");
		}
		return this.converter.convert(this.bytes.clone(), type);
	}

	int size() {
		return this.bytes.length;
	}

}
