package dev.coord.faults;

import java.nio.file.Path;

/**
 * Checks a run directory again and prints the report with every violation, e.g. after the checker has
 * changed, or to read a long soak's violations beyond the first 40:
 * {@code java -cp <the module's test class path> dev.coord.faults.Recheck fault-tests/target/faults/<run>}.
 */
public final class Recheck {

	private Recheck() {
	}

	public static void main(String[] args) {
		if (args.length != 1) {
			System.err.println("Usage: Recheck <run directory>");
			System.exit(2);
		}
		FaultReport report = FaultChecker.check(History.read(Path.of(args[0])),
				Boolean.getBoolean("faults.enforce-latency"));
		System.out.println(report.text(Integer.MAX_VALUE));
		System.exit(report.passed() ? 0 : 1);
	}

}
