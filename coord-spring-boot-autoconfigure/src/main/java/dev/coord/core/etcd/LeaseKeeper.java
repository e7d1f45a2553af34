package dev.coord.core.etcd;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.coord.core.CoordSettings;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one lease alive with its own loop, and tells when it can no longer prove it alive.
 * <p>
 * jetcd's shared keep-alive stream stamps the time a reply arrives, and gives up silently a TTL after
 * the last reply (ETCD-NOTES.md), too late to fence on. So every renewal here is one
 * {@code keepAliveOnce} stamped with {@link System#nanoTime()} <em>before</em> it is sent: etcd cannot
 * expire the lease before that stamp + TTL, however late the reply comes. When no renewal has succeeded
 * for the renew deadline, or etcd says the lease is gone, {@code onLost} runs once, on this keeper's own
 * thread. A lost keeper never renews again: the member gets a new lease.
 * <p>
 * A renewal that failed or is overdue makes the client try every etcd endpoint it could not reach at
 * once ({@link Reconnector}): while etcd elects a leader or the client's etcd node is gone, the next
 * renewal must not wait for gRPC's reconnect backoff.
 */
final class LeaseKeeper implements AutoCloseable {

	private final Etcd etcd;

	private final long leaseId;

	private final Duration renewDeadline;

	private final ScheduledExecutorService timer;

	private final Consumer<String> onLost;

	private volatile long lastRenewalSentAt;

	private volatile boolean stopped;

	private @Nullable ScheduledFuture<?> renewals;

	private @Nullable ScheduledFuture<?> deadlineChecks;

	/**
	 * @param provenAliveAt the {@code nanoTime} stamped before the last renewal known to have succeeded
	 */
	LeaseKeeper(Etcd etcd, long leaseId, long provenAliveAt, Duration renewDeadline, ScheduledExecutorService timer,
			Consumer<String> onLost) {
		this.etcd = etcd;
		this.leaseId = leaseId;
		this.renewDeadline = renewDeadline;
		this.timer = timer;
		this.onLost = onLost;
		this.lastRenewalSentAt = provenAliveAt;
	}

	long leaseId() {
		return this.leaseId;
	}

	void start() {
		long check = Math.max(20, this.renewDeadline.toMillis() / 20);
		this.renewals = this.timer.scheduleWithFixedDelay(this::renew, period(), period(), TimeUnit.MILLISECONDS);
		this.deadlineChecks = this.timer.scheduleWithFixedDelay(this::checkDeadline, check, check,
				TimeUnit.MILLISECONDS);
	}

	/** Time since the send of the last renewal that succeeded. */
	Duration sinceLastRenewal() {
		return Duration.ofNanos(System.nanoTime() - this.lastRenewalSentAt);
	}

	/** Time between renewals: four tries before the deadline. */
	private long period() {
		return Math.max(50, this.renewDeadline.toMillis() / 4);
	}

	/**
	 * Sends a renewal. Its reply counts until the deadline, even after later renewals were sent: while
	 * etcd elects a leader, the renewals sent meanwhile wait for it, and each one that succeeds proves
	 * the lease alive until its own send time + TTL.
	 */
	private void renew() {
		if (this.stopped) {
			return;
		}
		if (sinceLastRenewal().toMillis() > period() * 3 / 2) {
			this.etcd.reconnectNow(); // the previous renewal has not succeeded (yet)
		}
		long sentAt = System.nanoTime();
		this.etcd.client()
			.getLeaseClient()
			.keepAliveOnce(this.leaseId)
			.orTimeout(this.renewDeadline.toMillis(), TimeUnit.MILLISECONDS)
			.whenCompleteAsync((response, failure) -> renewed(sentAt, response, failure), this.timer);
	}

	private void renewed(long sentAt, @Nullable LeaseKeepAliveResponse response, @Nullable Throwable failure) {
		if (this.stopped) {
			return;
		}
		if (failure != null) {
			if (String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT).contains("lease not found")) {
				lost("etcd says lease " + Records.hex(this.leaseId) + " is gone");
			}
			else {
				this.etcd.reconnectNow();
			}
			return;
		}
		if (response == null || response.getTTL() <= 0) {
			lost("etcd says lease " + Records.hex(this.leaseId) + " has expired");
			return;
		}
		if (sentAt - this.lastRenewalSentAt > 0) {
			this.lastRenewalSentAt = sentAt;
		}
	}

	private void checkDeadline() {
		if (!this.stopped && sinceLastRenewal().compareTo(this.renewDeadline) > 0) {
			lost("no renewal of lease " + Records.hex(this.leaseId) + " succeeded for " + CoordSettings.readable(this.renewDeadline)
					+ " (coord.member.renew-deadline); etcd is unreachable or too slow");
		}
	}

	private void lost(String reason) {
		if (!this.stopped) {
			close();
			this.onLost.accept(reason);
		}
	}

	/** Stops renewing, for good. Does not revoke the lease. */
	@Override
	public void close() {
		this.stopped = true;
		if (this.renewals != null) {
			this.renewals.cancel(false);
		}
		if (this.deadlineChecks != null) {
			this.deadlineChecks.cancel(false);
		}
	}

}
