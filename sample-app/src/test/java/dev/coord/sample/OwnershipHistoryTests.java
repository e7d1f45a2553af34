package dev.coord.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker the process tests rely on must itself catch what it is there to catch. */
class OwnershipHistoryTests {

	@TempDir
	Path directory;

	@Test
	void acceptsAHandoverFromOneMemberToTheNext() throws IOException {
		OwnershipHistory history = read("""
				100 1 a ASSIGNED t 5 -
				200 2 a REVOKED t 5 REASSIGNED
				""", """
				300 3 b ASSIGNED t 9 -
				""");
		assertThat(history.problems()).isEmpty();
		assertThat(history.ownersAtEnd()).isEqualTo(Map.of("b", List.of("t")));
	}

	@Test
	void reportsATaskActiveOnTwoMembersAtOnce() throws IOException {
		OwnershipHistory history = read("""
				100 1 a ASSIGNED t 5 -
				300 2 a REVOKED t 5 REASSIGNED
				""", """
				200 3 b ASSIGNED t 9 -
				""");
		assertThat(history.problems()).singleElement().asString().startsWith("active on two members at once");
	}

	@Test
	void reportsAnOverlapWithAnyEarlierTenureNotOnlyTheLastOne() throws IOException {
		OwnershipHistory history = read("""
				100 1 a ASSIGNED t 5 -
				900 2 a REVOKED t 5 REASSIGNED
				""", """
				200 3 b ASSIGNED t 6 -
				300 3 b REVOKED t 6 REASSIGNED
				400 3 b ASSIGNED t 7 -
				500 3 b REVOKED t 7 REASSIGNED
				""");
		assertThat(history.problems()).hasSize(2).allMatch((problem) -> problem.startsWith("active on two"));
	}

	@Test
	void reportsATokenThatDoesNotIncrease() throws IOException {
		OwnershipHistory history = read("""
				100 1 a ASSIGNED t 9 -
				200 2 a REVOKED t 9 SHUTDOWN
				300 3 b ASSIGNED t 9 -
				""");
		assertThat(history.problems()).singleElement().asString().startsWith("fencing token did not increase");
	}

	@Test
	void endsTheTenuresOfAKilledMemberWhenItWasKilled() throws IOException {
		OwnershipHistory history = read("""
				100 1 a ASSIGNED t 5 -
				""", """
				300 3 b ASSIGNED t 9 -
				""");
		assertThat(history.problems()).isNotEmpty();
		assertThat(history.crashed("a", 250).problems()).isEmpty();
		assertThat(read("100 1 a ASSIGNED t 5 -\n", "300 3 b ASSIGNED t 9 -\n").crashed("a", 350).problems())
			.isNotEmpty();
	}

	@Test
	void reportsMalformedLinesAndEventsOutOfTurn() throws IOException {
		OwnershipHistory history = read("""
				100 1 a ASSIGNED t 5
				110 1 a ASSIGNED - 5 -
				120 1 a TAKEN t 5 -
				130 1 a REVOKED t 5 -
				140 1 a LEADER_GRANTED - 3 SHUTDOWN
				150 1 a REVOKED u 5 SHUTDOWN
				""");
		// One each, and the revoke with no reason is also a revoke of a task that was never assigned.
		assertThat(history.problems()).hasSize(7);
	}

	private OwnershipHistory read(String... journals) throws IOException {
		Path[] paths = new Path[journals.length];
		for (int i = 0; i < journals.length; i++) {
			paths[i] = Files.writeString(this.directory.resolve("journal-" + i + ".log"), journals[i]);
		}
		return OwnershipHistory.read(List.of(paths));
	}

}
