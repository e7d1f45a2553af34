package dev.coord.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The fallback when this machine has no etcd binary but a Docker daemon: one etcd member in a container.
 * Only this class touches Testcontainers, so the kit runs where Testcontainers is not on the classpath.
 * <p>
 * A container cannot be stopped and started again on the same ports, so every member operation throws
 * {@link UnsupportedOperationException}; tests of outages need the etcd binary.
 */
final class ContainerEtcdCluster implements EtcdCluster {

	static final String IMAGE = "gcr.io/etcd-development/etcd:v3.5.17";

	private static final int CLIENT_PORT = 2379;

	private final GenericContainer<?> container;

	private final Node node;

	ContainerEtcdCluster(List<String> extraArgs, Duration startTimeout) {
		List<String> command = new ArrayList<>(List.of("/usr/local/bin/etcd", "--name=etcd0",
				"--data-dir=/var/lib/etcd/etcd0", "--listen-client-urls=http://0.0.0.0:" + CLIENT_PORT,
				"--advertise-client-urls=http://127.0.0.1:" + CLIENT_PORT, "--listen-peer-urls=http://127.0.0.1:2380",
				"--initial-advertise-peer-urls=http://127.0.0.1:2380", "--initial-cluster=etcd0=http://127.0.0.1:2380",
				"--unsafe-no-fsync", "--experimental-watch-progress-notify-interval=1s", "--log-level=warn"));
		command.addAll(LocalEtcdCluster.RAFT_FLAGS);
		command.addAll(extraArgs);
		this.container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(CLIENT_PORT)
			.withCommand(command.toArray(String[]::new))
			.waitingFor(Wait.forHttp("/health")
				.forPort(CLIENT_PORT)
				.forStatusCode(200)
				.forResponsePredicate((body) -> body.replace(" ", "").contains("\"health\":\"true\"")))
			.withStartupTimeout(startTimeout);
		this.container.start();
		this.node = new Node("http://" + this.container.getHost() + ":" + this.container.getMappedPort(CLIENT_PORT));
	}

	/**
	 * Whether Testcontainers finds a Docker daemon. Call only when Testcontainers is on the classpath.
	 */
	static boolean isDockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@Override
	public List<Node> nodes() {
		return List.of(this.node);
	}

	@Override
	public void stopAll() {
		throw unsupported("stopAll()");
	}

	@Override
	public void restartAll() {
		throw unsupported("restartAll()");
	}

	@Override
	public void startStopped() {
	}

	@Override
	public void close() {
		this.container.stop();
	}

	@Override
	public String toString() {
		return "etcd in a container of " + IMAGE;
	}

	static UnsupportedOperationException unsupported(String operation) {
		return new UnsupportedOperationException(operation + " is not supported: etcd runs in a Docker container ("
				+ IMAGE + ") because no etcd binary was found, and a container cannot be restarted on the same ports. "
				+ "Tests that stop, kill or restart members need the etcd binary.\n" + EtcdBinary.INSTALL_HINT);
	}

	final class Node implements EtcdNode {

		private final String endpoint;

		Node(String endpoint) {
			this.endpoint = endpoint;
		}

		@Override
		public String name() {
			return "etcd0";
		}

		@Override
		public String endpoint() {
			return this.endpoint;
		}

		@Override
		public boolean isRunning() {
			return ContainerEtcdCluster.this.container.isRunning();
		}

		@Override
		public void stop() {
			throw unsupported("stop()");
		}

		@Override
		public void kill() {
			throw unsupported("kill()");
		}

		@Override
		public void restart() {
			throw unsupported("restart()");
		}

	}

}
