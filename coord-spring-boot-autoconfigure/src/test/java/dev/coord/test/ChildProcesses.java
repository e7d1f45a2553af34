package dev.coord.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Makes sure no etcd outlives the test JVM, however the JVM ends.
 * <p>
 * A normal exit runs the shutdown hook, which kills every process still registered and deletes the
 * registered directories. A JVM that is killed outright (SIGKILL, a CI job cancelled, surefire halting a
 * fork that would not exit) runs no hook: for that, each process gets a guard, a tiny {@code sh} that
 * blocks reading a pipe from this JVM and kills the process when the pipe closes. The guard only kills a
 * process whose command line still names the process's data directory, so a recycled process id is
 * left alone.
 */
final class ChildProcesses {

	private static final String GUARD_SCRIPT = """
			read -r _
			if tr '\\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"; then kill -9 "$1"; fi
			""";

	private static final Set<Process> processes = ConcurrentHashMap.newKeySet();

	private static final Set<Path> directories = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::cleanUp, "etcd-test-cleanup"));
	}

	private ChildProcesses() {
	}

	/**
	 * Registers a running process; returns its guard (to {@link #release release} with it), or
	 * {@code null} when no guard could be started (then only the shutdown hook protects).
	 * @param marker a string the process's command line contains, e.g. its data directory
	 */
	static @Nullable Process register(Process process, String marker) {
		processes.add(process);
		try {
			return new ProcessBuilder("sh", "-c", GUARD_SCRIPT, "etcd-guard", Long.toString(process.pid()), marker)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Forgets a process that has exited, and stops its guard.
	 */
	static void release(Process process, @Nullable Process guard) {
		processes.remove(process);
		if (guard != null) {
			// SIGKILL, not closing its pipe: a guard that reads EOF would check the process (harmless, but slower)
			guard.destroyForcibly();
		}
	}

	/** Registers a directory to delete at JVM exit if it still exists. */
	static void deleteOnExit(Path directory) {
		directories.add(directory);
	}

	/** Deletes a directory tree now, and forgets it. */
	static void delete(Path directory) throws IOException {
		directories.remove(directory);
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private static void cleanUp() {
		for (Process process : processes) {
			process.destroyForcibly();
		}
		for (Process process : processes) {
			try {
				process.waitFor(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		for (Path directory : directories) {
			try {
				delete(directory);
			}
			catch (IOException ex) {
				// best effort at exit
			}
		}
	}

}
