package dev.coord.test;

import java.util.List;

/**
 * The etcd members behind an {@link EtcdExtension}: local processes, or a container when there is no
 * etcd binary.
 */
interface EtcdCluster extends AutoCloseable {

	List<? extends EtcdNode> nodes();

	/** Stops every member at once (SIGTERM) and waits until they have exited. */
	void stopAll();

	/** Stops the members that run, then starts all of them and waits until all are healthy. */
	void restartAll();

	/** Starts the members a previous test left stopped, and waits until all are healthy. */
	void startStopped();

	/** Kills every member and deletes its data. */
	@Override
	void close();

}
