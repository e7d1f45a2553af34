package dev.coord.core.etcd;

import java.util.List;
import java.util.Locale;

import dev.coord.core.CoordSettings;
import dev.coord.core.Keyspace;
import dev.coord.core.etcd.Etcd.EtcdUnavailableException;
import dev.coord.core.etcd.Records.MemberValue;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration (DESIGN.md §3 "Membership"): a lease, and {@code members/{id}} created on it by
 * {@code txn(createRevision == 0)}. Blocking calls, run on the engine's membership thread.
 */
final class Membership {

	private static final Logger logger = LoggerFactory.getLogger(Membership.class);

	private final Etcd etcd;

	private final String key;

	private final CoordSettings settings;

	private final MemberValue value;

	Membership(Etcd etcd, Keyspace keyspace, CoordSettings settings, MemberValue value) {
		this.etcd = etcd;
		this.key = keyspace.member(settings.memberId());
		this.settings = settings;
		this.value = value;
	}

	/**
	 * Grants a lease and registers on it. When the id is registered on another lease, an earlier incarnation
	 * may still be alive: waits up to 2 × TTL for its key to go.
	 * @throws EtcdUnavailableException when etcd does not answer
	 * @throws DuplicateMemberException when another live member holds the id
	 */
	Joined join() throws InterruptedException {
		long leaseId = this.etcd.await(this.etcd.client().getLeaseClient().grant(this.settings.leaseTtl().toSeconds()))
			.getID();
		long deadline = System.nanoTime() + this.settings.leaseTtl().multipliedBy(2).toNanos();
		boolean logged = false;
		while (true) {
			TxnResponse response = this.etcd.txn(List.of(Etcd.createRevision(this.key, 0)),
					List.of(Etcd.put(this.key, Json.write(this.value), leaseId)), List.of(Etcd.get(this.key)));
			if (response.isSucceeded()) {
				return proveAlive(new Incarnation(leaseId, response.getHeader().getRevision()));
			}
			List<KeyValue> existing = response.getGetResponses().get(0).getKvs();
			if (!existing.isEmpty() && existing.get(0).getLease() == leaseId) {
				return proveAlive(new Incarnation(leaseId, existing.get(0).getCreateRevision()));
			}
			if (System.nanoTime() - deadline > 0) {
				revokeQuietly(leaseId);
				throw new DuplicateMemberException("Duplicate member id '" + this.settings.memberId() + "': "
						+ this.key + " is kept alive by another lease for over 2 × coord.member.lease-ttl. "
						+ "Another instance runs with this id: give each instance its own coord.member.id, "
						+ "or remove the property to get a generated one.");
			}
			if (!logged) {
				logged = true;
				logger.info("{} is still registered on another lease, perhaps by an earlier incarnation of this "
						+ "member; waiting up to {} for it to go", this.key, this.settings.leaseTtl().multipliedBy(2));
			}
			Thread.sleep(Math.min(500, this.settings.leaseTtl().toMillis() / 4));
		}
	}

	/**
	 * Renews the new lease once, stamped before sending: the grant may have waited long for an etcd leader,
	 * and the renew deadline counts from a proof of life, not from the grant.
	 */
	private Joined proveAlive(Incarnation incarnation) {
		long sentAt = System.nanoTime();
		try {
			long ttl = this.etcd.await(this.etcd.client().getLeaseClient().keepAliveOnce(incarnation.leaseId())).getTTL();
			if (ttl <= 0) {
				throw new EtcdUnavailableException("lease expired right after registering", null);
			}
		}
		catch (EtcdUnavailableException ex) {
			revokeQuietly(incarnation.leaseId());
			throw ex;
		}
		return new Joined(incarnation, sentAt);
	}

	/** Marks this member DRAINING: no longer eligible nor assignable. */
	void markDraining(Incarnation incarnation) {
		this.etcd.txn(List.of(Etcd.createRevision(this.key, incarnation.registeredRevision())),
				List.of(Etcd.put(this.key, Json.write(this.value.withState(MemberValue.DRAINING)),
						incarnation.leaseId())),
				List.of());
	}

	/** Deletes the registration (if still this incarnation's) and revokes the lease. */
	void leave(Incarnation incarnation) {
		try {
			this.etcd.txn(List.of(Etcd.createRevision(this.key, incarnation.registeredRevision())),
					List.of(Etcd.delete(this.key)), List.of());
		}
		finally {
			revokeQuietly(incarnation.leaseId());
		}
	}

	/**
	 * Revokes a lease, so that every key of a fenced incarnation goes at once. Returns true when etcd said
	 * OK or that the lease is already gone.
	 */
	boolean revoke(long leaseId) {
		try {
			this.etcd.await(this.etcd.client().getLeaseClient().revoke(leaseId));
			return true;
		}
		catch (EtcdUnavailableException ex) {
			return String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT).contains("lease not found");
		}
	}

	private void revokeQuietly(long leaseId) {
		if (!revoke(leaseId)) {
			logger.debug("Could not revoke lease {}; it expires by itself", Records.hex(leaseId));
		}
	}

	/** A registration, and the {@code nanoTime} stamped before the renewal that proved its lease alive. */
	record Joined(Incarnation incarnation, long provenAliveAt) {
	}

	/** Another live member holds this member's id. */
	static final class DuplicateMemberException extends RuntimeException {

		DuplicateMemberException(String message) {
			super(message);
		}

	}

}
