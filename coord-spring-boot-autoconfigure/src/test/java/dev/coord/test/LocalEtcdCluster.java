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
 * All members bootstrap together from the same {@code --initial-cluster}; a member that restarts finds its
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

	private LocalEtcdCluster(EtcdBinary binary, int size, List<String> extraFlags, Duration startTimeout,
			EtcdExtension.@Nullable ClientTls tls) throws IOException {
		this.binary = binary;
		this.startTimeout = startTimeout;
		this.directory = Files.createTempDirectory("coord-etcd-");
		ChildProcesses.deleteOnExit(this.directory);
		Map<String, Ports> members = new LinkedHashMap<>();
		for (int i = 0; i < size; i++) {
			// with TLS, /health is asked on a plain metrics port: the client port wants a client certificate
			members.put("etcd" + i, new Ports(LoopbackPorts.next(), LoopbackPorts.next(),
					(tls != null) ? LoopbackPorts.next() : 0));
		}
		String initialCluster = members.entrySet()
			.stream()
			.map((member) -> member.getKey() + "=" + url(member.getValue().peer()))
			.collect(Collectors.joining(","));
		String token = "coord-test-" + UUID.randomUUID();
		members.forEach((name, ports) -> {
			String clientUrl = ((tls != null) ? "https" : "http") + url(ports.client()).substring(4);
			String healthUrl = (tls != null) ? url(ports.health()) : clientUrl;
			String peerUrl = url(ports.peer());
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
			command.addAll(extraFlags);
			this.nodes.add(new EtcdProcess(this, name, clientUrl, healthUrl, ports.client(), ports.peer(), dataDir,
					this.directory.resolve(name + ".log"), command));
		});
	}

	/**
	 * Starts a cluster of the given size and waits until every member is healthy. Retries with other ports
	 * when another process took one of them between the check and etcd's bind.
	 */
	static LocalEtcdCluster start(EtcdBinary binary, int size, List<String> extraFlags, Duration startTimeout,
			EtcdExtension.@Nullable ClientTls tls) {
		for (int attempt = 1;; attempt++) {
			LocalEtcdCluster cluster;
			try {
				cluster = new LocalEtcdCluster(binary, size, extraFlags, startTimeout, tls);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot create a temporary directory for etcd", ex);
			}
			try {
				cluster.startStopped();
				return cluster;
			}
			catch (RuntimeException ex) {
				boolean portTaken = cluster.nodes.stream()
					.anyMatch((node) -> node.logTail(LOG_LINES).contains("address already in use"));
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

	/**
	 * Starts the stopped members one after the other, each as soon as the previous one serves its peer
	 * port (a few milliseconds), then waits until all are healthy. Not all at the same instant: a new
	 * member first asks every peer whether it is already a member, with a 1 s timeout per peer (etcd's
	 * bootstrap timeout, not configurable in 3.4), and a peer that is itself at that step has its port
	 * open but does not answer yet, which made a simultaneous start take 2 s more on a busy machine.
	 */
	@Override
	public synchronized void startStopped() {
		List<EtcdProcess> stopped = this.nodes.stream().filter((node) -> !node.isRunning()).toList();
		for (EtcdProcess node : stopped) {
			// a member that crashed on its own is still registered: reap it before starting it again
			node.kill();
			node.launch();
			if (!poll(() -> HealthProbe.servesPeers(node.peerUrl()), List.of(node))) {
				throw startFailure("not serving its peer port " + node.peerUrl(), List.of(node), Map.of());
			}
		}
		if (!stopped.isEmpty()) {
			awaitHealthy(this.nodes);
		}
	}

	/**
	 * Stops the followers at once, then the leader once it has stepped down. A leader told to stop hands its
	 * leadership over first, and waits up to 5 s plus two election timeouts when the peer it picks is gone
	 * (it picks one it still believes connected); once it has lost its quorum and stepped down (one
	 * election timeout later), it stops at once.
	 */
	@Override
	public synchronized void stopAll() {
		List<EtcdProcess> running = this.nodes.stream().filter(EtcdProcess::isRunning).toList();
		List<EtcdProcess> leaders = running.stream().filter((node) -> HealthProbe.isLeader(node.endpoint())).toList();
		stopTogether(running.stream().filter((node) -> !leaders.contains(node)).toList(), false);
		if (running.size() > 1) {
			poll(() -> leaders.stream().noneMatch((leader) -> HealthProbe.isLeader(leader.endpoint())), leaders);
		}
		stopTogether(leaders, false);
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
		else if (!poll(() -> HealthProbe.accepts(node.clientPort()), List.of(node))) {
			throw startFailure("not listening", List.of(node), Map.of());
		}
	}

	@Override
	public synchronized void close() {
		stopTogether(this.nodes, true);
		try {
			ChildProcesses.delete(this.directory);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot delete " + this.directory, ex);
		}
	}

	private static void stopTogether(List<EtcdProcess> members, boolean forcibly) {
		List<Process> signalled = new ArrayList<>();
		for (EtcdProcess member : members) {
			signalled.add(member.signal(forcibly));
		}
		for (int i = 0; i < members.size(); i++) {
			members.get(i).awaitExit(signalled.get(i));
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
			if (member.isRunning()) {
				message.append(problem);
				if (lastObservation.containsKey(member)) {
					message.append(", last answer: ").append(lastObservation.get(member));
				}
			}
			else {
				message.append(member.exitDescription());
			}
		}
		for (EtcdProcess member : members) {
			message.append("\n--- last ").append(LOG_LINES).append(" lines of ").append(member.logFile()).append(":\n");
			message.append(member.logTail(LOG_LINES));
		}
		return new IllegalStateException(message.toString());
	}

	@Override
	public String toString() {
		return this.nodes.size() + " × " + this.binary + " in " + this.directory;
	}

	private record Ports(int client, int peer, int health) {
	}

}
