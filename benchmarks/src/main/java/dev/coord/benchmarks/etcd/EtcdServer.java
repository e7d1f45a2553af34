package dev.coord.benchmarks.etcd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One etcd member for the benchmarks, run as a child process on loopback ports, with its data on disk and
 * <em>fsync on</em> (etcd's default; no {@code --unsafe-no-fsync}), so that writes cost what they cost in
 * production on this disk.
 * <p>
 * The test kit's launcher tunes etcd for fast functional tests (short raft timings, frequent progress
 * notifications, no fsync where etcd has the flag); a benchmark wants etcd's defaults, so this starts it
 * with only the flags it needs, and prints them in the report.
 */
public final class EtcdServer implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(1))
		.build();

	private final Process process;

	private final String endpoint;

	private final Path dataDir;

	private final List<String> command;

	private EtcdServer(Process process, String endpoint, Path dataDir, List<String> command) {
		this.process = process;
		this.endpoint = endpoint;
		this.dataDir = dataDir;
		this.command = command;
	}

	/**
	 * Starts etcd with a fresh data directory under {@code workDir}, and waits until {@code /health} says so.
	 * Writes its pid to {@code workDir/etcd.pid} so that the run script can kill it if this JVM dies.
	 */
	public static EtcdServer start(Path workDir) throws IOException, InterruptedException {
		Path dataDir = workDir.resolve("etcd-data");
		deleteTree(dataDir);
		Files.createDirectories(workDir);
		int clientPort = freePort();
		int peerPort = freePort();
		String clientUrl = "http://127.0.0.1:" + clientPort;
		String peerUrl = "http://127.0.0.1:" + peerPort;
		List<String> command = new ArrayList<>(List.of(binary(), "--name=bench", "--data-dir=" + dataDir,
				"--listen-client-urls=" + clientUrl, "--advertise-client-urls=" + clientUrl,
				"--listen-peer-urls=" + peerUrl, "--initial-advertise-peer-urls=" + peerUrl,
				"--initial-cluster=bench=" + peerUrl, "--initial-cluster-state=new", "--logger=zap",
				"--log-outputs=stderr", "--log-level=warn"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(workDir.resolve("etcd.log").toFile())
			.start();
		Files.writeString(workDir.resolve("etcd.pid"), Long.toString(process.pid()));
		EtcdServer server = new EtcdServer(process, clientUrl, dataDir, command);
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "etcd-killer"));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!server.healthy()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				server.close();
				throw new IllegalStateException("etcd did not start; see " + workDir.resolve("etcd.log"));
			}
			Thread.sleep(50);
		}
		return server;
	}

	/** {@code ETCD_BINARY}, else {@code etcd} from the PATH. */
	public static String binary() {
		String configured = System.getenv("ETCD_BINARY");
		return (configured != null && !configured.isBlank()) ? configured : "etcd";
	}

	public String endpoint() {
		return this.endpoint;
	}

	public long pid() {
		return this.process.pid();
	}

	/** The command line, with the run-specific paths and ports generalized, for the report. */
	public String commandForReport() {
		return String.join(" ", this.command)
			.replace(this.dataDir.toString(), "<tmp>/etcd-data")
			.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>");
	}

	/** What {@code GET /metrics} answers: Prometheus text. */
	public String metrics() throws IOException, InterruptedException {
		return get("/metrics");
	}

	private boolean healthy() {
		try {
			return get("/health").replace(" ", "").contains("\"health\":\"true\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.endpoint + path))
			.timeout(Duration.ofSeconds(5))
			.GET()
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
	}

	/** Size of the data directory on disk, in bytes. */
	public long diskUsage() throws IOException {
		try (Stream<Path> files = Files.walk(this.dataDir)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor();
			}
			deleteTree(this.dataDir);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		catch (IOException ex) {
			// a leftover data directory is deleted by the next start
		}
	}

	private static int freePort() throws IOException {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		for (int attempt = 0; attempt < 200; attempt++) {
			// below the ephemeral range, at random: other engineers' test clusters use the same machine
			int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(false);
				socket.bind(new InetSocketAddress(loopback, port), 1);
				return port;
			}
			catch (IOException ex) {
				// taken, try another
			}
		}
		throw new IOException("No free loopback port in [20000, 30000)");
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
