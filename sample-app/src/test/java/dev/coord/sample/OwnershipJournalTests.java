package dev.coord.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.coord.core.RevokeReason;
import dev.coord.event.LeadershipGrantedEvent;
import dev.coord.event.LeadershipRevokedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OwnershipJournalTests {

	@TempDir
	Path directory;

	@Test
	void writesOneLineOfSevenFieldsPerEventWithDashesWhereAFieldDoesNotApply() throws Exception {
		Path path = this.directory.resolve("sub/journal.log");
		OwnershipJournal journal = new OwnershipJournal(path, () -> "member-1");
		long before = System.nanoTime();
		journal.leadershipGranted(new LeadershipGrantedEvent(this, 7));
		journal.assigned("task-001", 42);
		journal.revoked("task-001", 42, RevokeReason.REASSIGNED);
		journal.leadershipRevoked(new LeadershipRevokedEvent(this, 7));
		long after = System.nanoTime();
		List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
		assertThat(lines).hasSize(4);
		assertThat(lines).map((line) -> line.substring(nthSpace(line, 2) + 1))
			.containsExactly("member-1 LEADER_GRANTED - 7 -", "member-1 ASSIGNED task-001 42 -",
					"member-1 REVOKED task-001 42 REASSIGNED", "member-1 LEADER_REVOKED - 7 -");
		List<Long> stamps = lines.stream().map((line) -> Long.parseLong(line.split(" ")[0])).toList();
		assertThat(stamps).isSorted().allSatisfy((stamp) -> assertThat(stamp).isBetween(before, after));
		long millis = Long.parseLong(lines.get(0).split(" ")[1]);
		assertThat(millis).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
	}

	@Test
	void appendsToAJournalThatExists() throws Exception {
		Path path = this.directory.resolve("journal.log");
		Files.writeString(path, "1 2 earlier ASSIGNED task-009 3 -\n");
		new OwnershipJournal(path, () -> "member-1").assigned("task-001", 5);
		assertThat(Files.readAllLines(path)).hasSize(2).first().isEqualTo("1 2 earlier ASSIGNED task-009 3 -");
	}

	@Test
	void escapesSpacesAndPercentSignsInTaskIdsSoThatEveryLineKeepsSevenFields() throws Exception {
		Path path = this.directory.resolve("journal.log");
		new OwnershipJournal(path, () -> "m").assigned("feeds/news 100%", 5);
		String line = Files.readString(path).strip();
		assertThat(line.split(" ")).hasSize(7);
		assertThat(line).endsWith(" m ASSIGNED feeds/news%20100%25 5 -");
		assertThat(OwnershipHistory.read(List.of(path)).lines()).singleElement()
			.satisfies((parsed) -> assertThat(parsed.taskId()).isEqualTo("feeds/news 100%"));
	}

	@Test
	void writesNothingWithoutAPath() {
		OwnershipJournal journal = new OwnershipJournal(null, () -> "m");
		journal.assigned("task-001", 1);
		assertThat(this.directory).isEmptyDirectory();
	}

	private static int nthSpace(String line, int n) {
		int index = -1;
		for (int i = 0; i < n; i++) {
			index = line.indexOf(' ', index + 1);
		}
		return index;
	}

}
