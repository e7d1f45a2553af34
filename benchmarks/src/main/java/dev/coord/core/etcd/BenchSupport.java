package dev.coord.core.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import dev.coord.core.CoordSettings;
import dev.coord.core.Keyspace;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;

/** Setup and waiting for the end-to-end benchmarks. */
final class BenchSupport {

	private static final int IN_FLIGHT = 8;

	private BenchSupport() {
	}

	/** A member, not started yet, with a client of its own on the endpoint, reporting to the recorder. */
	static TestMember member(String endpoint, CoordSettings settings, BenchRecorder recorder) {
		return new TestMember(Client.builder().endpoints(endpoint).build(), settings, recorder);
	}

	/**
	 * Creates tasks {@code prefix-00000...} with small JSON payloads, 128 puts per txn and a few txns in flight:
	 * setup, not measured.
	 */
	static List<String> putTasks(Client client, Keyspace keyspace, String prefix, int count) {
		List<String> ids = new ArrayList<>(count);
		int digits = Integer.toString(count - 1).length();
		for (int i = 0; i < count; i++) {
			ids.add(prefix + String.format("%0" + digits + "d", i));
		}
		List<CompletableFuture<?>> inFlight = new ArrayList<>();
		for (int from = 0; from < count; from += 128) {
			List<Op> ops = new ArrayList<>();
			for (int i = from; i < Math.min(count, from + 128); i++) {
				ops.add(Op.put(bytes(keyspace.task(ids.get(i))), bytes("{\"n\":" + i + "}"), PutOption.DEFAULT));
			}
			inFlight.add(client.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit());
			if (inFlight.size() == IN_FLIGHT) {
				get(inFlight.remove(0));
			}
		}
		inFlight.forEach(BenchSupport::get);
		return ids;
	}

	/** Deletes everything a benchmark cluster left under its prefix. */
	static void deletePrefix(Client client, String prefix) {
		get(client.getKVClient()
			.delete(bytes(prefix), DeleteOption.builder().isPrefix(true).build()));
	}

	/**
	 * Polls every millisecond until the condition holds, and returns when it first held.
	 * @throws IllegalStateException when it does not hold within the timeout, saying what was awaited
	 */
	static long awaitNanos(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Gave up after " + timeout + " waiting for " + what);
			}
			sleep(Duration.ofMillis(1));
		}
		return System.nanoTime();
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static <T> T get(CompletableFuture<T> future) {
		try {
			return future.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	static double millis(long nanos) {
		return nanos / 1e6;
	}

}
