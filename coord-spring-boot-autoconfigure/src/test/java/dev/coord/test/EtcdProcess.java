package dev.coord.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One etcd member run as a child process of the test JVM, its output appended to a log file.
 */
final class EtcdProcess implements EtcdNode {

	private static final long STOP_TIMEOUT_SECONDS = 10;

	private final LocalEtcdCluster cluster;

	private final String name;

	private final String endpoint;

	private final String healthEndpoint;

	private final int clientPort;

	private final int peerPort;

	private final Path dataDir;

	private final Path logFile;

	private final List<String> command;

	private @Nullable Process process;

	private @Nullable Process guard;

	private @Nullable Integer lastExitCode;

	EtcdProcess(LocalEtcdCluster cluster, String name, String endpoint, String healthEndpoint, int clientPort,
			int peerPort, Path dataDir, Path logFile, List<String> command) {
		this.cluster = cluster;
		this.name = name;
		this.endpoint = endpoint;
		this.healthEndpoint = healthEndpoint;
		this.clientPort = clientPort;
		this.peerPort = peerPort;
		this.dataDir = dataDir;
		this.logFile = logFile;
		this.command = List.copyOf(command);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String endpoint() {
		return this.endpoint;
	}

	/** Where {@code /health} answers: the client URL, or a plain metrics URL when clients need TLS. */
	String healthEndpoint() {
		return this.healthEndpoint;
	}

	int clientPort() {
		return this.clientPort;
	}

	String peerUrl() {
		return "http://" + LoopbackPorts.LOOPBACK.getHostAddress() + ":" + this.peerPort;
	}

	Path logFile() {
		return this.logFile;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** Why the process is not running, for error messages. */
	synchronized String exitDescription() {
		Process current = this.process;
		if (current == null) {
			return (this.lastExitCode != null) ? "stopped, exit code " + this.lastExitCode : "not started";
		}
		return current.isAlive() ? "running" : "exited with code " + current.exitValue();
	}

	@Override
	public void stop() {
		awaitExit(signal(false));
	}

	@Override
	public void kill() {
		awaitExit(signal(true));
	}

	@Override
	public void restart() {
		this.cluster.restart(this);
	}

	/** Starts the process; does not wait for it to be ready. */
	synchronized void launch() {
		if (isRunning()) {
			throw new IllegalStateException(this.name + " is already running");
		}
		try {
			Files.writeString(this.logFile, "--- " + Instant.now() + " starting: " + String.join(" ", this.command) + "\n",
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			Process started = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.start();
			started.getOutputStream().close();
			this.guard = ChildProcesses.register(started, this.dataDir.toString());
			this.process = started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + this.name + " with " + this.command, ex);
		}
	}

	/**
	 * Sends SIGTERM (or SIGKILL) and returns the process to {@link #awaitExit wait for}, or {@code null}
	 * when it was not started. Split in two so that a whole cluster can be signalled at once.
	 */
	synchronized @Nullable Process signal(boolean forcibly) {
		Process current = this.process;
		if (current != null) {
			if (forcibly) {
				current.destroyForcibly();
			}
			else {
				current.destroy();
			}
		}
		return current;
	}

	/** Waits until the signalled process has exited, killing it if a graceful stop hangs. */
	void awaitExit(@Nullable Process signalled) {
		if (signalled == null) {
			return;
		}
		try {
			if (!signalled.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				signalled.destroyForcibly();
				signalled.waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			signalled.destroyForcibly();
			throw new IllegalStateException("Interrupted while stopping " + this.name, ex);
		}
		synchronized (this) {
			if (this.process == signalled) {
				ChildProcesses.release(signalled, this.guard);
				this.lastExitCode = signalled.exitValue();
				this.process = null;
				this.guard = null;
			}
		}
	}

	/** The last lines of the log file, to show why the member failed. */
	String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(cannot read " + this.logFile + ": " + ex.getMessage() + ")";
		}
	}

	@Override
	public String toString() {
		return this.name + " (" + endpoint() + ", " + exitDescription() + ")";
	}

}
