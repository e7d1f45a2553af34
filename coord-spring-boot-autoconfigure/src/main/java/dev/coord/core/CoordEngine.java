package dev.coord.core;

/**
 * One member of a coord cluster: it registers, may lead, and runs the tasks it is given, reporting them
 * to its {@link CoordListener}. Thread-safe.
 */
public interface CoordEngine extends AutoCloseable {

	/**
	 * Starts joining the cluster and returns at once. While etcd is unreachable the engine keeps trying,
	 * with backoff; {@link #status()} tells how far it got.
	 */
	void start();

	/** Where this member stands now. */
	EngineStatus status();

	/** The cluster as this member sees it now: an immutable copy. */
	ClusterSnapshot snapshot();

	/**
	 * Leaves gracefully: resigns leadership, lets the leader move this member's tasks away (revoking each
	 * as it goes, within {@code shutdown.drain-timeout}), revokes what is left, deletes its keys and
	 * revokes its lease. Returns when done or when a watchdog gives up on a hung step. Idempotent.
	 */
	@Override
	void close();

}
