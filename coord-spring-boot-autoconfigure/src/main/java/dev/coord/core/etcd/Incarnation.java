package dev.coord.core.etcd;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One life of this member in etcd: a lease and the registration made with it. Once fenced, an
 * incarnation is dead for good: nothing claimed under it is ever started.
 *
 * @param leaseId the lease every key of this incarnation is bound to
 * @param registeredRevision the create revision of {@code members/{id}}
 */
record Incarnation(long leaseId, long registeredRevision, AtomicBoolean fencedFlag) {

	Incarnation(long leaseId, long registeredRevision) {
		this(leaseId, registeredRevision, new AtomicBoolean());
	}

	boolean fenced() {
		return this.fencedFlag.get();
	}

	/** Marks this incarnation dead; returns false when it already was. */
	boolean fence() {
		return this.fencedFlag.compareAndSet(false, true);
	}

}
