package dev.coord.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the engine needs to know, checked once when built. Property names in messages are the
 * {@code coord.*} names a user sets.
 *
 * @param namespace root of the keyspace, e.g. {@code /coord}
 * @param cluster the cluster's name under the root
 * @param memberId this incarnation's id
 * @param leaseTtl the member lease's time to live
 * @param renewDeadline fence when no renewal succeeded for this long
 * @param revokeTimeout how long revoked listeners may take when fencing
 * @param capacity relative share of tasks; 0 takes none
 * @param labels free-form labels published with the member
 * @param workerEnabled whether this member takes tasks
 * @param listenerThreads threads delivering task events
 * @param leaderEligible whether this member may coordinate
 * @param rebalanceInterval periodic re-list and re-plan
 * @param rebalanceDebounce wait before moving tasks between live members
 * @param maxMoves cap on live-to-live moves per round; 0 for no cap
 * @param maxTxnOps ops per etcd transaction (etcd's {@code --max-txn-ops})
 * @param maxPayload largest task payload accepted, in bytes
 * @param drainTimeout how long a graceful shutdown waits for tasks to move away
 * @param requestTimeout deadline of each etcd request
 */
public record CoordSettings(String namespace, String cluster, String memberId, Duration leaseTtl,
		Duration renewDeadline, Duration revokeTimeout, int capacity, Map<String, String> labels,
		boolean workerEnabled, int listenerThreads, boolean leaderEligible, Duration rebalanceInterval,
		Duration rebalanceDebounce, int maxMoves, int maxTxnOps, long maxPayload, Duration drainTimeout,
		Duration requestTimeout) {

	/** etcd's smallest lease: {@code grant(1)} gives 2 s. */
	public static final Duration MIN_LEASE_TTL = Duration.ofSeconds(2);

	private static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	public CoordSettings {
		labels = Map.copyOf(labels);
		require(namespace.startsWith("/") && !namespace.endsWith("/") || namespace.equals("/"), "coord.namespace",
				namespace, "it must start with '/' and not end with '/'", "Set coord.namespace to a path such as /coord.");
		require(CLUSTER.matcher(cluster).matches(), "coord.cluster", cluster,
				"it must match [A-Za-z0-9._-]{1,128}", "Set coord.cluster (or spring.application.name) to such a name.");
		require(MEMBER_ID.matcher(memberId).matches(), "coord.member.id", memberId,
				"it must match [A-Za-z0-9._-]{1,128}", "Remove coord.member.id to get a generated id, or set one of that form.");
		require(leaseTtl.compareTo(MIN_LEASE_TTL) >= 0 && leaseTtl.toMillis() % 1000 == 0, "coord.member.lease-ttl",
				leaseTtl, "etcd leases are whole seconds, at least 2 s", "Set coord.member.lease-ttl to 2s or more, e.g. 10s.");
		require(positive(renewDeadline), "coord.member.renew-deadline", renewDeadline, "it must be positive",
				"Set it below coord.member.lease-ttl, e.g. half of it.");
		require(positive(revokeTimeout), "coord.member.revoke-timeout", revokeTimeout, "it must be positive",
				"Set it to how long your revoked listeners need, e.g. a quarter of coord.member.lease-ttl.");
		require(renewDeadline.plus(revokeTimeout).compareTo(leaseTtl) < 0, "coord.member.renew-deadline",
				renewDeadline + " + coord.member.revoke-timeout " + revokeTimeout,
				"their sum must be less than coord.member.lease-ttl (" + leaseTtl
						+ "), or a cut-off member could still run tasks after its lease expired",
				"Lower coord.member.renew-deadline or coord.member.revoke-timeout, or raise coord.member.lease-ttl.");
		require(capacity >= 0, "coord.member.capacity", capacity, "it must not be negative",
				"Set 0 for a member that takes no tasks, or a positive weight.");
		require(listenerThreads >= 1, "coord.worker.listener-threads", listenerThreads, "it must be at least 1",
				"Set it to 1 or more (default 4).");
		require(positive(rebalanceInterval), "coord.rebalance.interval", rebalanceInterval, "it must be positive",
				"Set it to e.g. 30s.");
		require(!rebalanceDebounce.isNegative(), "coord.rebalance.debounce", rebalanceDebounce,
				"it must not be negative", "Set it to e.g. 250ms, or 0 to move at once.");
		require(maxMoves >= 0, "coord.rebalance.max-moves", maxMoves, "it must not be negative",
				"Set 0 for no cap, or the most live-to-live moves per round.");
		require(maxTxnOps >= 4, "coord.rebalance.max-txn-ops", maxTxnOps,
				"a move needs two operations and two compares besides the leader's own in one transaction",
				"Set it to etcd's --max-txn-ops (default 128).");
		require(maxPayload > 0, "coord.task.max-payload", maxPayload, "it must be positive", "Set it to e.g. 256KB.");
		require(!drainTimeout.isNegative(), "coord.shutdown.drain-timeout", drainTimeout, "it must not be negative",
				"Set it to e.g. 20s.");
		require(positive(requestTimeout), "coord.etcd.request-timeout", requestTimeout, "it must be positive",
				"Set it to e.g. 5s.");
	}

	/** Settings with every default of the design, for the given cluster and member. */
	public static CoordSettings defaults(String cluster, String memberId) {
		Duration ttl = Duration.ofSeconds(10);
		return new CoordSettings("/coord", cluster, memberId, ttl, ttl.dividedBy(2), ttl.dividedBy(4), 1, Map.of(),
				true, 4, true, Duration.ofSeconds(30), Duration.ofMillis(250), 0, 128, 256 * 1024,
				Duration.ofSeconds(20), Duration.ofSeconds(5));
	}

	/** A copy with another lease TTL, renew deadline (TTL / 2) and revoke timeout (TTL / 4). */
	public CoordSettings withLeaseTtl(Duration ttl) {
		return new CoordSettings(namespace, cluster, memberId, ttl, ttl.dividedBy(2), ttl.dividedBy(4), capacity,
				labels, workerEnabled, listenerThreads, leaderEligible, rebalanceInterval, rebalanceDebounce, maxMoves,
				maxTxnOps, maxPayload, drainTimeout, requestTimeout);
	}

	/** The prefix every key of this cluster lives under, ending in '/'. */
	public String prefix() {
		return (namespace.equals("/") ? "" : namespace) + "/" + cluster + "/";
	}

	/** Whether the leader may give this member tasks. */
	public boolean assignable() {
		return workerEnabled && capacity > 0;
	}

	/** A duration as a user writes it in {@code application.yml}: {@code 400ms}, {@code 5s}, {@code 1.5s}, {@code 2m}. */
	public static String readable(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		if (millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		return (millis % 1000 == 0) ? (millis / 1000) + "s"
				: BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static void require(boolean valid, String property, Object value, String problem, String fix) {
		if (!valid) {
			throw new InvalidSettingException(property, value, problem, fix);
		}
	}

}
