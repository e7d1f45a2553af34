package dev.coord.sample;

import java.util.stream.Collectors;

import dev.coord.autoconfigure.Coordinator;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cluster as this member sees it: {@code /cluster} (JSON) for the page at {@code /}, and
 * {@code /cluster.txt}, a table for terminals and scripts.
 */
@RestController
class ClusterController {

	private final Coordinator coordinator;

	private final FeedPollers pollers;

	ClusterController(Coordinator coordinator, FeedPollers pollers) {
		this.coordinator = coordinator;
		this.pollers = pollers;
	}

	@GetMapping(path = "/cluster", produces = MediaType.APPLICATION_JSON_VALUE)
	ClusterView cluster() {
		return ClusterView.of(this.coordinator.getCluster(), this.coordinator.snapshot(), this.coordinator.status(),
				this.pollers.statuses());
	}

	/**
	 * A status line of {@code key=value} pairs, then one line per member, the leader marked {@code *}.
	 */
	@GetMapping(path = "/cluster.txt", produces = MediaType.TEXT_PLAIN_VALUE)
	String table() {
		ClusterView view = cluster();
		StringBuilder text = new StringBuilder();
		text.append("members=").append(view.members().stream().filter((m) -> !"GONE".equals(m.state())).count())
			.append(" tasks=").append(view.taskCount())
			.append(" owned=").append(view.owned())
			.append(" unassigned=").append(view.unassigned().size())
			.append(" moving=").append(view.pendingHandoffs().size())
			.append(" balanced=").append(view.balanced() ? "yes" : "no")
			.append(" leader=").append((view.leaderId() != null) ? view.leaderId() : "-")
			.append(" revision=").append(view.revision())
			.append('\n');
		text.append(String.format("  %-16s %-5s %-8s %5s  %s%n", "MEMBER", "PORT", "STATE", "TASKS", ""));
		for (ClusterView.MemberView member : view.members()) {
			text.append(String.format("%s %-16s %-5s %-8s %5d  %s%n", member.leader() ? "*" : " ", member.id(),
					(member.port() != null) ? member.port() : "-", member.state(), member.tasks().size(),
					String.join(" ", member.tasks())));
		}
		if (!view.unassigned().isEmpty()) {
			text.append("  unassigned: ").append(String.join(" ", view.unassigned())).append('\n');
		}
		if (!view.pendingHandoffs().isEmpty()) {
			text.append("  moving: ")
				.append(view.pendingHandoffs()
					.stream()
					.map((h) -> h.taskId() + " " + ((h.from() != null) ? h.from() : "(nobody)") + " -> " + h.to())
					.collect(Collectors.joining(", ")))
				.append('\n');
		}
		return text.toString();
	}

}
