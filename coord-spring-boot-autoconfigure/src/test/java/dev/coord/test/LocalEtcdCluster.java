package dev.coord.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A cluster of etcd processes on loopback ports, each with a data directory under one temporary directory.
 * <p>
 * All members are started at once with the same {@code --initial-cluster}; a member that restarts finds its
 * membership in its data directory and ignores the bootstrap flags.
 */
final class LocalEtcdCluster implements EtcdCluster {

	/** Raft timings for loopback: a lost leader is replaced within about a second. */
	static final List<String> RAFT_FLAGS = List.of("--heartbeat-interval=50", "--election-timeout=500");

	private static final int START_ATTEMPTS = 3;

	private static final int LOG_LINES = 40;

	private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

	private final EtcdBinary binary;

	private final Duration startTimeout;

	private final Path directory;

	private final List<EtcdProcess> nodes = new ArrayList<>();

	private LocalEtcdCluster(EtcdBinary binary, int size, List<String> extraArgs, Duration startTimeout,
			EtcdExtension.@Nullable ClientTls tls) throws IOException {
		this.binary = binary;
		this.startTimeout = startTimeout;
		this.directory = Files.createTempDirectory("coord-etcd-");
		ChildProcesses.deleteOnExit(this.directory);
		Map<String, int[]> ports = new LinkedHashMap<>();
		for (int i = 0; i < size; i++) {
			// with TLS, /health is asked on a plain metrics port: the client port wants a client certificate
			ports.put("etcd" + i, new int[] { LoopbackPorts.next(), LoopbackPorts.next(), LoopbackPorts.next() });
		}
		String initialCluster = ports.entrySet()
			.stream()
			.map((member) -> member.getKey() + "=" + url(member.getValue()[1]))
			.collect(Collectors.joining(","));
		String token = "coord-test-" + UUID.randomUUID();
		for (Map.Entry<String, int[]> member : ports.entrySet()) {
			String name = member.getKey();
			String clientUrl = ((tls != null) ? "https" : "http") + url(member.getValue()[0]).substring(4);
			String healthUrl = (tls != null) ? url(member.getValue()[2]) : clientUrl;
			String peerUrl = url(member.getValue()[1]);
			Path dataDir = this.directory.resolve(name);
			List<String> command = new ArrayList<>(List.of(binary.path().toString(), "--name=" + name,
					"--data-dir=" + dataDir, "--listen-client-urls=" + clientUrl, "--advertise-client-urls=" + clientUrl,
					"--listen-peer-urls=" + peerUrl, "--initial-advertise-peer-urls=" + peerUrl,
					"--initial-cluster=" + initialCluster, "--initial-cluster-token=" + token,
					"--initial-cluster-state=new"));
			command.addAll(RAFT_FLAGS);
			command.addAll(binary.tuningFlags());
			if (tls != null) {
				command.addAll(tls.flags());
				command.add("--listen-metrics-urls=" + healthUrl);
			}
			command.addAll(extraArgs);
			this.nodes.add(new EtcdProcess(this, name, clientUrl, healthUrl, member.getValue()[0], dataDir,
					this.directory.resolve(name + ".log"), command));
		}
	}

	/**
	 * Starts a cluster of the given size and waits until every member is healthy. Retries with other ports
	 * when another process took one of them between the check and etcd's bind.
	 */
	static LocalEtcdCluster start(EtcdBinary binary, int size, List<String> extraArgs, Duration startTimeout,
			EtcdExtension.@Nullable ClientTls tls) {
		for (int attempt = 1;; attempt++) {
			LocalEtcdCluster cluster;
			try {
				cluster = new LocalEtcdCluster(binary, size, extraArgs, startTimeout, tls);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot create a temporary directory for etcd", ex);
			}
			try {
				cluster.startStopped();
				return cluster;
			}
			catch (RuntimeException ex) {
				boolean portTaken = cluster.nodes.stream().anyMatch((node) -> node.logTail(LOG_LINES).contains("address already in use"));
				try {
					cluster.close();
				}
				catch (RuntimeException closeFailure) {
					ex.addSuppressed(closeFailure);
				}
				if (!portTaken || attempt == START_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private static String url(int port) {
		return "http://" + LoopbackPorts.LOOPBACK.getHostAddress() + ":" + port;
	}

	@Override
	public List<EtcdProcess> nodes() {
		return this.nodes;
	}

	@Override
	public synchronized void startStopped() {
		List<EtcdProcess> stopped = this.nodes.stream().filter((node) -> !node.isRunning()).toList();
		for (EtcdProcess node : stopped) {
			// a member that crashed on its own is still registered: reap it before starting it again
			node.kill();
			node.launch();
		}
		if (!stopped.isEmpty()) {
			awaitHealthy(this.nodes);
		}
	}

	@Override
	public synchronized void stopAll() {
		List<Process> signalled = new ArrayList<>();
		for (EtcdProcess node : this.nodes) {
			signalled.add(node.signal(false));
		}
		for (int i = 0; i < this.nodes.size(); i++) {
			this.nodes.get(i).awaitExit(signalled.get(i));
		}
	}

	@Override
	public synchronized void restartAll() {
		stopAll();
		startStopped();
	}

	/**
	 * Restarts one member. It can only become healthy when a quorum runs; without one, waits until it
	 * listens, which shows it started well enough to join the others when they come back.
	 */
	synchronized void restart(EtcdProcess node) {
		node.stop();
		node.launch();
		long running = this.nodes.stream().filter(EtcdProcess::isRunning).count();
		if (running > this.nodes.size() / 2) {
			awaitHealthy(List.of(node));
		}
		else {
			awaitListening(node);
		}
	}

	private void awaitHealthy(List<EtcdProcess> members) {
		Map<EtcdProcess, String> lastHealth = new LinkedHashMap<>();
		boolean healthy = poll(() -> {
			boolean all = true;
			for (EtcdProcess member : members) {
				HealthProbe.Result result = HealthProbe.check(member.healthEndpoint());
				lastHealth.put(member, result.description());
				all &= result.healthy();
			}
			return all;
		}, members);
		if (!healthy) {
			throw startFailure("not healthy", members, lastHealth);
		}
	}

	private void awaitListening(EtcdProcess member) {
		if (!poll(() -> HealthProbe.accepts(member.clientPort()), List.of(member))) {
			throw startFailure("not listening", List.of(member), Map.of(member, "port " + member.clientPort() + " refused"));
		}
	}

	/** Polls until the condition holds (true), or a member exits or the start timeout passes (false). */
	private boolean poll(BooleanSupplier condition, List<EtcdProcess> members) {
		try {
			Awaitility.await()
				.atMost(this.startTimeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(POLL_INTERVAL)
				.pollInSameThread()
				.until(() -> anyExited(members) || condition.getAsBoolean());
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
		return !anyExited(members);
	}

	private static boolean anyExited(List<EtcdProcess> members) {
		return members.stream().anyMatch((member) -> !member.isRunning());
	}

	private IllegalStateException startFailure(String problem, List<EtcdProcess> members,
			Map<EtcdProcess, String> lastObservation) {
		StringBuilder message = new StringBuilder("etcd did not start (").append(this.binary)
			.append(", timeout ")
			.append(this.startTimeout.toMillis())
			.append(" ms):");
		for (EtcdProcess member : members) {
			message.append("\n  ").append(member.name()).append(" at ").append(member.endpoint()).append(": ");
			message.append(member.isRunning() ? problem + ", last check: " + lastObservation.get(member)
					: member.exitDescription());
		}
		for (EtcdProcess member : members) {
			message.append("\n--- last ").append(LOG_LINES).append(" lines of ").append(member.logFile()).append(":\n");
			message.append(member.logTail(LOG_LINES));
		}
		return new IllegalStateException(message.toString());
	}

	@Override
	public synchronized void close() {
		List<Process> signalled = new ArrayList<>();
		for (EtcdProcess node : this.nodes) {
			signalled.add(node.signal(true));
		}
		for (int i = 0; i < this.nodes.size(); i++) {
			this.nodes.get(i).awaitExit(signalled.get(i));
		}
		try {
			ChildProcesses.delete(this.directory);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot delete " + this.directory, ex);
		}
	}

	@Override
	public String toString() {
		return this.nodes.size() + " × " + this.binary + " in " + this.directory;
	}

}
