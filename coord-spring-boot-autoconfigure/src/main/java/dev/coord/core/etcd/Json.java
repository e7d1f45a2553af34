package dev.coord.core.etcd;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the keyspace's JSON values. Reading never throws: a value that does not parse is
 * data to repair, not a reason to crash (DESIGN.md §2).
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private Json() {
	}

	static byte[] write(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

	/** The value, or null when it is not valid JSON of that shape. */
	static <T> @Nullable T read(byte[] bytes, Class<T> type) {
		try {
			return MAPPER.readValue(bytes, type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

}
