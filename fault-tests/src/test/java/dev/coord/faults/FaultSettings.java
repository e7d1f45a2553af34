package dev.coord.faults;

import java.time.Duration;

/**
 * How a run is set up.
 *
 * @param mode {@code short} (every fault once, for {@code ./mvnw verify}) or {@code soak} (random faults for
 * a duration)
 * @param seed the schedule's seed
 * @param duration how long a soak injects faults (ignored by the short run)
 * @param members members at the start (the run keeps between 4 and 6)
 * @param tasks tasks at the start
 * @param ttl {@code coord.member.lease-ttl}; the renew deadline and revoke timeout are coord's defaults,
 * TTL / 2 and TTL / 4
 * @param interval {@code coord.rebalance.interval}
 * @param etcdElection etcd's election timeout in the test kit ({@code --election-timeout=500})
 * @param restTimeout how long the harness waits for the cluster to come to rest after an episode
 */
record FaultSettings(String mode, long seed, Duration duration, int members, int tasks, Duration ttl,
		Duration interval, Duration etcdElection, Duration restTimeout) {

	/**
	 * The lease TTL of the runs: 5 s, or {@code -Dfaults.lease-ttl=N} seconds. Not less by default: the renew
	 * deadline (TTL / 2) must outlast an etcd leader election (up to twice the 500 ms election timeout) plus
	 * one renewal period, or losing the etcd leader fences healthy members (README, "The fault-injection suite", "Limits").
	 */
	static Duration leaseTtl() {
		String given = System.getProperty("faults.lease-ttl", "").trim();
		return Duration.ofSeconds(given.isEmpty() ? 5 : Long.parseLong(given.replaceAll("s$", "")));
	}

	static FaultSettings shortRun(long seed) {
		return new FaultSettings("short", seed, Duration.ZERO, 5, 20, leaseTtl(), Duration.ofSeconds(5),
				Duration.ofMillis(500), Duration.ofSeconds(45));
	}

	static FaultSettings soak(long seed, Duration duration) {
		return new FaultSettings("soak", seed, duration, 5, 24, leaseTtl(), Duration.ofSeconds(5),
				Duration.ofMillis(500), Duration.ofSeconds(60));
	}

	Duration renewDeadline() {
		return this.ttl.dividedBy(2);
	}

	Duration revokeTimeout() {
		return this.ttl.dividedBy(4);
	}

}
