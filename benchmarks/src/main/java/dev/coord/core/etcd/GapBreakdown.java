package dev.coord.core.etcd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.coord.benchmarks.etcd.Latencies;
import dev.coord.core.etcd.BenchRecorder.Move;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;

import static dev.coord.core.etcd.BenchSupport.bytes;

/**
 * Splits handoff gaps in three, from outside the engine: a watch of its own on {@code owners/} stamps when
 * each owner key was deleted (the old owner's release applied) and created (the new owner's claim applied).
 * So a gap is: revoke returned → release applied (the old owner's loop and one txn), release applied → claim
 * applied (the new owner notices, then one txn), claim applied → assigned listener starts. The stamps are
 * when this watch heard of it, a fraction of a millisecond after etcd applied it (see the floor), so the
 * last part can come out slightly negative.
 */
final class GapBreakdown implements AutoCloseable {

	private final Map<String, List<long[]>> events = new ConcurrentHashMap<>();

	private final Watch.Watcher watch;

	private static final long DELETE = 0;

	private static final long PUT = 1;

	GapBreakdown(Client client, String ownersPrefix) {
		this.watch = client.getWatchClient()
			.watch(bytes(ownersPrefix), WatchOption.builder().isPrefix(true).build(), (response) -> {
				long now = System.nanoTime();
				for (WatchEvent event : response.getEvents()) {
					String task = event.getKeyValue().getKey().toString(StandardCharsets.UTF_8).substring(ownersPrefix.length());
					long type = (event.getEventType() == WatchEvent.EventType.DELETE) ? DELETE : PUT;
					this.events.computeIfAbsent(task, (t) -> java.util.Collections.synchronizedList(new ArrayList<>()))
						.add(new long[] { type, now });
				}
			});
	}

	/** revoke → release applied, release applied → claim applied, claim applied → assign started. */
	List<Latencies> split(List<Move> moves) {
		Latencies release = new Latencies();
		Latencies claim = new Latencies();
		Latencies dispatch = new Latencies();
		for (Move move : moves) {
			List<long[]> seen = this.events.getOrDefault(move.taskId(), List.of());
			long deleted = 0;
			long put = 0;
			synchronized (seen) {
				for (long[] event : seen) {
					if (deleted == 0 && event[0] == DELETE && event[1] > move.revokedAt()) {
						deleted = event[1];
					}
					else if (deleted != 0 && put == 0 && event[0] == PUT) {
						put = event[1];
					}
				}
			}
			if (deleted != 0 && put != 0) {
				release.add(deleted - move.revokedAt());
				claim.add(put - deleted);
				dispatch.add(move.assignedAt() - put);
			}
		}
		return List.of(release, claim, dispatch);
	}

	@Override
	public void close() {
		this.watch.close();
	}

}
