package dev.coord.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.coord.test.EtcdExtension;

/**
 * Plays a run and checks it: the run directory ({@code fault-tests/target/faults/<mode>-seed<seed>-<time>/})
 * keeps the run log, every member's journal and log, and the report.
 */
final class FaultRuns {

	private FaultRuns() {
	}

	/** The seed given with {@code -Dfaults.seed}, else a new one (printed in the report). */
	static long seed() {
		String given = System.getProperty("faults.seed", "");
		return given.isBlank() ? System.nanoTime() % 1_000_000 : Long.parseLong(given.trim());
	}

	static Result play(EtcdExtension etcd, FaultSettings settings) {
		Path directory = Path.of(System.getProperty("faults.directory", "target/faults"))
			.resolve(String.format(Locale.ROOT, "%s-seed%d-%s", settings.mode(), settings.seed(),
					LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
		Path jar = Path.of(System.getProperty("sample.jar", "../sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No runnable jar of the sample at " + jar
					+ ": run the fault tests with failsafe after 'package' (./mvnw verify)");
		}
		System.out.println("[faults] " + settings.mode() + " run, seed " + settings.seed() + ", in " + directory);
		RuntimeException aborted = null;
		try (RunLog log = RunLog.create(directory);
				FaultCluster cluster = new FaultCluster(etcd, log, directory, jar, settings)) {
			try {
				new FaultRun(cluster).play();
			}
			catch (RuntimeException ex) {
				log.log("END", "aborted", ex.getClass().getSimpleName());
				aborted = ex;
			}
		}
		// What was recorded up to an abort is checked all the same.
		FaultReport report = FaultChecker.check(History.read(directory), Boolean.getBoolean("faults.enforce-latency"));
		String text = report.text() + "\nrun directory: " + directory.toAbsolutePath() + "\n";
		try {
			Files.writeString(directory.resolve("report.txt"), text);
			if (!report.passed()) {
				Files.writeString(directory.resolve("violations.txt"), report.text(Integer.MAX_VALUE));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		System.out.println(text);
		if (aborted != null) {
			throw new IllegalStateException("The " + settings.mode() + " run with seed " + settings.seed()
					+ " stopped early (its history is in " + directory + "); what it recorded:\n" + text, aborted);
		}
		return new Result(directory, report, text);
	}

	/**
	 * A played and checked run.
	 *
	 * @param directory its history
	 * @param report what the checker found
	 * @param text the report as printed
	 */
	record Result(Path directory, FaultReport report, String text) {
	}

}
