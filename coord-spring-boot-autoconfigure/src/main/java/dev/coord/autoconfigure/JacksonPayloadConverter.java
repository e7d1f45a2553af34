package dev.coord.autoconfigure;

import dev.coord.event.PayloadConverter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Reads payloads as JSON with the context's {@link JsonMapper}, so that the application's Jackson
 * settings ({@code spring.jackson.*}, modules) apply.
 */
final class JacksonPayloadConverter implements PayloadConverter {

	private final ObjectProvider<JsonMapper> jsonMapper;

	JacksonPayloadConverter(ObjectProvider<JsonMapper> jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public <T> T convert(byte[] payload, Class<T> type) {
		JsonMapper mapper = this.jsonMapper.getIfAvailable();
		if (mapper == null) {
			throw new IllegalStateException("No JsonMapper bean to read a task's payload as " + type.getName()
					+ ": add spring-boot-starter-jackson, or define a PayloadConverter bean");
		}
		try {
			return mapper.readValue(payload, type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot read the task's payload as " + type.getName() + ": "
					+ ex.getOriginalMessage(), ex);
		}
	}

}
