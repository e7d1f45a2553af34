package dev.coord.faults;

/**
 * Why a task was unowned for a while: what ended its previous tenure, or that it was new. Each cause has
 * its own bound on the unowned time (the README's "The fault-injection suite").
 */
enum Cause {

	CRASH("kill -9 of a member"),

	LEADER_CRASH("kill -9 of the coord leader"),

	PAUSE("SIGSTOP past the lease"),

	PARTITION("member cut off from etcd"),

	ETCD_OUTAGE("etcd quorum lost or restarted"),

	UNEXPECTED_FENCE("lease lost, etcd healthy"),

	MOVE("graceful move (REASSIGNED)"),

	DRAIN("graceful stop (SHUTDOWN)"),

	TASK_ADDED("new task placed"),

	EXITED("exit without REVOKED"),

	OTHER("other");

	private final String label;

	Cause(String label) {
		this.label = label;
	}

	String label() {
		return this.label;
	}

	/** Whether the design bounds it by the p99 of a graceful handoff (DESIGN.md §4 "Live"). */
	boolean graceful() {
		return this == MOVE || this == DRAIN;
	}

}
