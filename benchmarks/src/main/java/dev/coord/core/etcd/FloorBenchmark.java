package dev.coord.core.etcd;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.coord.benchmarks.etcd.Latencies;
import dev.coord.benchmarks.report.MarkdownTable;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;

import static dev.coord.core.etcd.BenchSupport.bytes;
import static dev.coord.core.etcd.BenchSupport.get;

/**
 * What etcd physically allows on this machine, measured in the same run as everything else: sequential
 * requests from one jetcd client, one at a time, each a new key.
 * <ul>
 * <li>put: one {@code Put} of a 100-byte value;
 * <li>txn: a claim-shaped {@code Txn}, as a coord worker sends to claim a task: two compares
 * ({@code createRevision(owner) == 0}, {@code createRevision(task) == R}), then a put and a get;
 * <li>put → watch: from sending a put to another client's prefix watch delivering its event.
 * </ul>
 */
final class FloorBenchmark {

	private static final String PREFIX = "/bench/floor/";

	private final int warmup;

	private final int samples;

	final Latencies put = new Latencies();

	final Latencies txn = new Latencies();

	final Latencies watch = new Latencies();

	FloorBenchmark(int warmup, int samples) {
		this.warmup = warmup;
		this.samples = samples;
	}

	Section run(Client client, Client watcher) {
		KV kv = client.getKVClient();
		ByteSequence value = ByteSequence.from(new byte[100]);
		for (int i = 0; i < this.warmup + this.samples; i++) {
			long started = System.nanoTime();
			get(kv.put(bytes(PREFIX + "put/" + i), value));
			record(this.put, i, started);
		}
		ByteSequence task = bytes(PREFIX + "task");
		get(kv.put(task, value));
		long taskRevision = get(kv.get(task)).getKvs().get(0).getCreateRevision();
		for (int i = 0; i < this.warmup + this.samples; i++) {
			ByteSequence owner = bytes(PREFIX + "owner/" + i);
			long started = System.nanoTime();
			get(kv.txn()
				.If(new Cmp(owner, Cmp.Op.EQUAL, CmpTarget.createRevision(0)),
						new Cmp(task, Cmp.Op.EQUAL, CmpTarget.createRevision(taskRevision)))
				.Then(Op.put(owner, value, PutOption.DEFAULT), Op.get(task, GetOption.DEFAULT))
				.commit());
			record(this.txn, i, started);
		}
		measureWatch(kv, watcher, value);
		get(kv.delete(bytes(PREFIX), io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build()));
		MarkdownTable table = new MarkdownTable("request", "samples", "p50 (ms)", "p99 (ms)", "max (ms)");
		row(table, "put (100 bytes)", this.put);
		row(table, "txn (claim-shaped: 2 compares, put + get)", this.txn);
		row(table, "put → event on another client's watch", this.watch);
		String markdown = "Sequential requests from one jetcd client on loopback, one at a time, each after " + this.warmup
				+ " warm-up requests; etcd with fsync on, so every write waits for its WAL fsync.\n\n" + table;
		return new Section("The floor: etcd on this machine", markdown, List.of());
	}

	private void measureWatch(KV kv, Client watcher, ByteSequence value) {
		CompletableFuture<?>[] delivered = new CompletableFuture<?>[1];
		long[] deliveredAt = new long[1];
		Object lock = new Object();
		try (Watch.Watcher watch = watcher.getWatchClient()
			.watch(bytes(PREFIX + "watch/"), WatchOption.builder().isPrefix(true).build(), (response) -> {
				long now = System.nanoTime();
				synchronized (lock) {
					deliveredAt[0] = now;
					delivered[0].complete(null);
				}
			})) {
			// let the watch be established before the first sample
			BenchSupport.sleep(java.time.Duration.ofMillis(500));
			for (int i = 0; i < this.warmup + this.samples; i++) {
				CompletableFuture<Object> next = new CompletableFuture<>();
				synchronized (lock) {
					delivered[0] = next;
				}
				long started = System.nanoTime();
				CompletableFuture<?> put = kv.put(bytes(PREFIX + "watch/" + i), value);
				get(next);
				long at;
				synchronized (lock) {
					at = deliveredAt[0];
				}
				get(put);
				if (i >= this.warmup) {
					this.watch.add(at - started);
				}
			}
		}
	}

	private void record(Latencies latencies, int index, long started) {
		if (index >= this.warmup) {
			latencies.add(System.nanoTime() - started);
		}
	}

	private static void row(MarkdownTable table, String name, Latencies latencies) {
		table.row(name, latencies.count(), MarkdownTable.format(latencies.p50(), 2),
				MarkdownTable.format(latencies.p99(), 2), MarkdownTable.format(latencies.max(), 2));
	}

}
