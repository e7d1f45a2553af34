package dev.coord.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coord keyspace of the cluster under test as etcd holds it at one revision (DESIGN.md §2), read by
 * the harness to tell when the cluster has come to rest.
 *
 * @param members member id to state ({@code ACTIVE} or {@code DRAINING})
 * @param leader the coord leader's member id, or null
 * @param tasks the task ids
 * @param assignments task id to the members it is assigned to
 * @param owners task id to its owner's member id
 */
record ClusterState(Map<String, String> members, @Nullable String leader, Set<String> tasks,
		Map<String, List<String>> assignments, Map<String, String> owners) {

	private static final JsonMapper json = JsonMapper.builder().build();

	static ClusterState read(Client client, String prefix, Duration timeout) throws Exception {
		ByteSequence key = ByteSequence.from(prefix, StandardCharsets.UTF_8);
		GetResponse response = client.getKVClient()
			.get(key, GetOption.builder().isPrefix(true).build())
			.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		Map<String, String> members = new TreeMap<>();
		Set<String> tasks = new TreeSet<>();
		Map<String, List<String>> assignments = new TreeMap<>();
		Map<String, String> owners = new TreeMap<>();
		String leader = null;
		for (KeyValue kv : response.getKvs()) {
			String relative = kv.getKey().toString(StandardCharsets.UTF_8).substring(prefix.length());
			String value = kv.getValue().toString(StandardCharsets.UTF_8);
			if (relative.startsWith("members/")) {
				members.put(relative.substring("members/".length()), field(value, "state"));
			}
			else if (relative.equals("leader")) {
				leader = field(value, "memberId");
			}
			else if (relative.startsWith("tasks/")) {
				tasks.add(relative.substring("tasks/".length()));
			}
			else if (relative.startsWith("assignments/")) {
				String rest = relative.substring("assignments/".length());
				int slash = rest.indexOf('/');
				assignments.computeIfAbsent(rest.substring(slash + 1), (task) -> new ArrayList<>())
					.add(rest.substring(0, slash));
			}
			else if (relative.startsWith("owners/")) {
				owners.put(relative.substring("owners/".length()), field(value, "memberId"));
			}
		}
		return new ClusterState(members, leader, tasks, assignments, owners);
	}

	private static String field(String value, String name) {
		try {
			JsonNode node = json.readTree(value);
			JsonNode field = node.get(name);
			return (field != null) ? field.asString() : "?";
		}
		catch (RuntimeException ex) {
			return "?";
		}
	}

	/**
	 * Why this is not a cluster at rest with exactly the given members, or null when it is: every expected
	 * member registered and ACTIVE and no other, a leader among them, each task assigned to one of them and
	 * owned by that one, nothing assigned or owned that is not a task, and loads within one of each other.
	 */
	@Nullable String unsettled(Collection<String> expectedMembers) {
		Set<String> expected = new TreeSet<>(expectedMembers);
		if (!this.members.keySet().equals(expected)) {
			return "members " + this.members.keySet() + " instead of " + expected;
		}
		if (this.members.values().stream().anyMatch((state) -> !state.equals("ACTIVE"))) {
			return "members not all ACTIVE: " + this.members;
		}
		if (this.leader == null || !expected.contains(this.leader)) {
			return "leader " + this.leader;
		}
		Map<String, Integer> loads = new HashMap<>();
		expected.forEach((member) -> loads.put(member, 0));
		for (String task : this.tasks) {
			List<String> to = this.assignments.getOrDefault(task, List.of());
			if (to.size() != 1 || !expected.contains(to.get(0))) {
				return task + " assigned to " + to;
			}
			if (!to.get(0).equals(this.owners.get(task))) {
				return task + " assigned to " + to.get(0) + " but owned by " + this.owners.get(task);
			}
			loads.merge(to.get(0), 1, Integer::sum);
		}
		for (String task : this.assignments.keySet()) {
			if (!this.tasks.contains(task)) {
				return "assignment of a task that does not exist: " + task;
			}
		}
		for (String task : this.owners.keySet()) {
			if (!this.tasks.contains(task)) {
				return "owner key of a task that does not exist: " + task;
			}
		}
		int max = loads.values().stream().mapToInt(Integer::intValue).max().orElse(0);
		int min = loads.values().stream().mapToInt(Integer::intValue).min().orElse(0);
		return (max - min > 1) ? "unbalanced " + loads : null;
	}

}
