package dev.coord.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A goal of the benchmarks issue and how this run did against it.
 *
 * @param section where it is measured
 * @param goal the goal, as the issue says it
 * @param measured the figure this run measured
 * @param met whether the figure meets the goal
 * @param limit when missed: what limits it, from what this run measured
 */
public record Goal(String section, String goal, String measured, boolean met, String limit) {

	private static final String SEPARATOR = "\t";

	public static void write(Path file, List<Goal> goals) throws IOException {
		List<String> lines = new ArrayList<>();
		for (Goal goal : goals) {
			lines.add(String.join(SEPARATOR, clean(goal.section), clean(goal.goal), clean(goal.measured),
					Boolean.toString(goal.met), clean(goal.limit)));
		}
		Files.write(file, lines, StandardCharsets.UTF_8);
	}

	public static List<Goal> read(Path file) throws IOException {
		List<Goal> goals = new ArrayList<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			if (!line.isBlank()) {
				String[] fields = line.split(SEPARATOR, -1);
				goals.add(new Goal(fields[0], fields[1], fields[2], Boolean.parseBoolean(fields[3]), fields[4]));
			}
		}
		return goals;
	}

	private static String clean(String text) {
		return text.replace('\t', ' ').replace('\n', ' ');
	}

}
