package dev.coord.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata that IDEs complete {@code coord.*} from: every property of DESIGN.md §5, each described,
 * with its default where it has a fixed one.
 */
class ConfigurationMetadataTests {

	private static final Map<String, Object> DEFAULTS = Map.ofEntries(Map.entry("coord.enabled", true),
			Map.entry("coord.fail-fast", false), Map.entry("coord.namespace", "/coord"),
			Map.entry("coord.etcd.endpoints", List.of("http://localhost:2379")),
			Map.entry("coord.etcd.connect-timeout", "5s"), Map.entry("coord.etcd.request-timeout", "5s"),
			Map.entry("coord.member.lease-ttl", "10s"), Map.entry("coord.member.capacity", 1),
			Map.entry("coord.worker.enabled", true), Map.entry("coord.worker.listener-threads", 4),
			Map.entry("coord.leader.eligible", true), Map.entry("coord.rebalance.interval", "30s"),
			Map.entry("coord.rebalance.debounce", "250ms"), Map.entry("coord.rebalance.max-moves", 0),
			Map.entry("coord.rebalance.max-txn-ops", 128), Map.entry("coord.task.max-payload", "256KB"),
			Map.entry("coord.shutdown.drain-timeout", "20s"));

	/** Defaults that depend on other values: the description says what they are. */
	private static final List<String> DERIVED = List.of("coord.cluster", "coord.member.id",
			"coord.member.renew-deadline", "coord.member.revoke-timeout");

	private static final List<String> WITHOUT_DEFAULT = List.of("coord.etcd.username", "coord.etcd.password",
			"coord.etcd.ssl.bundle", "coord.member.labels");

	@Test
	void describesEveryPropertyWithItsDefault() throws IOException {
		Map<String, JsonNode> properties = properties();
		assertThat(properties.keySet()).filteredOn((name) -> name.startsWith("coord."))
			.containsExactlyInAnyOrderElementsOf(
					concat(DEFAULTS.keySet().stream().toList(), DERIVED, WITHOUT_DEFAULT));
		properties.forEach((name, property) -> assertThat(property.path("description").asString())
			.as("description of %s", name)
			.isNotBlank());
		JsonMapper mapper = JsonMapper.builder().build();
		DEFAULTS.forEach((name, value) -> assertThat(mapper.treeToValue(properties.get(name).get("defaultValue"),
				Object.class))
			.as("default of %s", name)
			.isEqualTo(value));
		assertThat(properties.get("coord.member.renew-deadline").path("description").asString()).contains("half");
		assertThat(properties.get("coord.member.revoke-timeout").path("description").asString()).contains("quarter");
		assertThat(properties.get("coord.cluster").path("description").asString()).contains("spring.application.name");
		assertThat(properties).containsKey("management.health.coord.enabled");
	}

	private static Map<String, JsonNode> properties() throws IOException {
		try (InputStream input = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			JsonNode root = JsonMapper.builder().build().readTree(input);
			Map<String, JsonNode> properties = new HashMap<>();
			for (JsonNode property : root.get("properties")) {
				properties.put(property.get("name").asString(), property);
			}
			return properties;
		}
	}

	@SafeVarargs
	private static List<String> concat(List<String>... lists) {
		return Arrays.stream(lists).flatMap(List::stream).toList();
	}

}
