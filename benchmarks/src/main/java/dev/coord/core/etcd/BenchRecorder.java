package dev.coord.core.etcd;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.coord.benchmarks.etcd.Latencies;
import dev.coord.core.CoordListener;
import dev.coord.core.RevokeReason;

/**
 * The listener of every benchmark member of one cluster: who runs each task now, and the handoff gaps.
 * <p>
 * A graceful handoff gap is the time from the old owner's revoked listener returning (its last statement
 * stamps {@link System#nanoTime()}) to the new owner's assigned listener starting (its first statement
 * stamps it), for the same task; all members run in this JVM, so the two stamps share one clock. Gaps are
 * kept apart by the revoke's reason: {@code REASSIGNED} (the leader moved the task, e.g. to a member that
 * joined) and {@code SHUTDOWN} (its owner left gracefully).
 */
final class BenchRecorder implements MemberRecorder {

	private final Map<String, String> owners = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();

	private final Map<String, Released> released = new ConcurrentHashMap<>();

	private final Set<String> crashed = ConcurrentHashMap.newKeySet();

	private final Latencies reassignedGaps = new Latencies();

	private final Latencies shutdownGaps = new Latencies();

	private final AtomicLong assignments = new AtomicLong();

	private final AtomicLong overlaps = new AtomicLong();

	private record Released(long nanos, RevokeReason reason) {
	}

	/** One graceful move: the task, when its old owner's revoke returned, when its new owner's assign started. */
	record Move(String taskId, RevokeReason reason, long revokedAt, long assignedAt) {
	}

	private final java.util.List<Move> moves = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

	@Override
	public CoordListener listenerFor(String member) {
		return new CoordListener() {

			@Override
			public void taskAssigned(String taskId, byte[] payload, long fencingToken, String memberId) {
				long now = System.nanoTime();
				Released before = BenchRecorder.this.released.remove(taskId);
				if (before != null) {
					(before.reason == RevokeReason.SHUTDOWN ? BenchRecorder.this.shutdownGaps
							: BenchRecorder.this.reassignedGaps).add(now - before.nanos);
					BenchRecorder.this.moves.add(new Move(taskId, before.reason, before.nanos, now));
				}
				String previous = BenchRecorder.this.owners.put(taskId, member);
				if (previous != null) {
					load(previous).decrementAndGet();
					if (!BenchRecorder.this.crashed.contains(previous)) {
						BenchRecorder.this.overlaps.incrementAndGet();
					}
				}
				load(member).incrementAndGet();
				BenchRecorder.this.assignments.incrementAndGet();
			}

			@Override
			public void taskRevoked(String taskId, RevokeReason reason, long fencingToken) {
				if (BenchRecorder.this.owners.remove(taskId, member)) {
					load(member).decrementAndGet();
				}
				if (reason == RevokeReason.REASSIGNED || reason == RevokeReason.SHUTDOWN) {
					BenchRecorder.this.released.put(taskId, new Released(System.nanoTime(), reason));
				}
			}

		};
	}

	private AtomicInteger load(String member) {
		return this.loads.computeIfAbsent(member, (id) -> new AtomicInteger());
	}

	/** A member died without revoking: its tasks stay on its books until another member starts them. */
	@Override
	public void crashed(String member) {
		this.crashed.add(member);
	}

	/** Tasks some member runs now. */
	int owned() {
		return this.owners.size();
	}


	/** Tasks the member runs now. */
	int loadOf(String member) {
		AtomicInteger load = this.loads.get(member);
		return (load != null) ? load.get() : 0;
	}

	/** The member running the task now, or null. */
	String ownerOf(String taskId) {
		return this.owners.get(taskId);
	}

	Map<String, String> owners() {
		return Map.copyOf(this.owners);
	}

	Latencies reassignedGaps() {
		return this.reassignedGaps;
	}

	Latencies shutdownGaps() {
		return this.shutdownGaps;
	}

	/** Every graceful move so far. */
	java.util.List<Move> moves() {
		synchronized (this.moves) {
			return java.util.List.copyOf(this.moves);
		}
	}

	long assignments() {
		return this.assignments.get();
	}

	/** Starts on a member while another live member still ran the task: must stay 0. */
	long overlaps() {
		return this.overlaps.get();
	}

}
