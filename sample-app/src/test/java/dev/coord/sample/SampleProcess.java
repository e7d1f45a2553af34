package dev.coord.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample's runnable jar ({@code sample.jar}, set by failsafe) running as a process of its own, as a
 * user or the demo runs it. Every process still running when the test JVM exits is killed.
 */
final class SampleProcess implements AutoCloseable {

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly), "sample-process-cleanup"));
	}

	private final String memberId;

	private final int port;

	private final Path journal;

	private final Path log;

	private final Process process;

	private SampleProcess(String memberId, int port, Path journal, Path log, Process process) {
		this.memberId = memberId;
		this.port = port;
		this.journal = journal;
		this.log = log;
		this.process = process;
	}

	/**
	 * Starts an instance as a member of the given id, on a free port, with its journal and log in
	 * {@code directory}.
	 */
	static SampleProcess start(Path directory, String memberId, List<String> etcdEndpoints, String... arguments) {
		int port = freePort();
		Path journal = directory.resolve(memberId + ".journal");
		Path log = directory.resolve(memberId + ".log");
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				"-Xmx256m", "-jar", jar().toString(), "--server.address=127.0.0.1", "--server.port=" + port, "--coord.member.id=" + memberId,
				"--coord.etcd.endpoints=" + String.join(",", etcdEndpoints), "--sample.journal.path=" + journal));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			running.add(process);
			return new SampleProcess(memberId, port, journal, log, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
	}

	String memberId() {
		return this.memberId;
	}

	int port() {
		return this.port;
	}

	Path journal() {
		return this.journal;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** The member's {@code /cluster} view, or null while it does not answer. */
	@Nullable JsonNode cluster() {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/cluster"))
						.timeout(Duration.ofSeconds(2))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? json.readTree(response.body()) : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** Stops it gracefully (SIGTERM), as a platform's stop does, and waits until it has exited. */
	void stop() {
		this.process.destroy();
		awaitExit(Duration.ofSeconds(60));
	}

	/**
	 * Kills it ({@code kill -9}) and waits until it is gone.
	 * @return {@code System.nanoTime()} once it is gone: no work of it runs past that instant
	 */
	long kill() {
		this.process.destroyForcibly();
		awaitExit(Duration.ofSeconds(30));
		return System.nanoTime();
	}

	/** The last lines of its log, to tell why a test failed. */
	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			awaitExit(Duration.ofSeconds(30));
		}
	}

	@Override
	public String toString() {
		return this.memberId + " (pid " + this.process.pid() + ", port " + this.port + ")";
	}

	private void awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(this + " did not exit within " + timeout + ":\n" + logTail());
			}
			running.remove(this.process);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Path jar() {
		String jar = System.getProperty("sample.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("No runnable jar of the sample at sample.jar=" + jar
					+ ": run this test with failsafe after 'package' (./mvnw verify)");
		}
		return Path.of(jar);
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** A port below the ephemeral range that nobody listens on: a restarted process keeps its own. */
	private static int freePort() {
		for (int i = 0; i < 200; i++) {
			int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress("127.0.0.1", port));
				return port;
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new IllegalStateException("No free port found between 20000 and 30000");
	}

}
