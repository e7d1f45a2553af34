package dev.coord.test;

/**
 * One etcd member started by {@link EtcdExtension}. A node keeps its name, ports and data directory
 * for the life of the extension, so a stopped or killed node comes back as the same member.
 */
public interface EtcdNode {

	/**
	 * The member name, {@code etcd0}, {@code etcd1}, ...
	 */
	String name();

	/**
	 * The client URL, {@code http://127.0.0.1:<port>}; it does not change across restarts.
	 */
	String endpoint();

	/**
	 * Whether the etcd process is running (started and not yet exited).
	 */
	boolean isRunning();

	/**
	 * Whether the node runs and says it leads the cluster, asked through its gRPC gateway
	 * ({@code /v3/maintenance/status}); {@code false} when it cannot tell.
	 */
	default boolean isLeader() {
		return isRunning() && HealthProbe.isLeader(endpoint());
	}

	/**
	 * Stops the node gracefully (SIGTERM) and waits until the process has exited. Does nothing when the
	 * node is not running.
	 */
	void stop();

	/**
	 * Kills the node (SIGKILL), as a crash would, and waits until the process has exited. Does nothing when
	 * the node is not running.
	 */
	void kill();

	/**
	 * Stops the node if it is running, then starts it again on the same data directory and ports. Returns
	 * once the node is healthy when a quorum of the cluster runs; otherwise once it accepts connections
	 * (it cannot be healthy before a quorum is back).
	 */
	void restart();

}
