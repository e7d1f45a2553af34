package dev.coord.core.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.coord.core.Keyspace;
import dev.coord.core.TaskCatalog;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

/**
 * The task definitions of a cluster in etcd ({@code tasks/}). Every call is blocking, under the request
 * timeout; a failure throws {@link IllegalStateException} whose message says whether the write may still
 * apply (jetcd may deliver a write after the caller gave up).
 */
public final class EtcdTaskCatalog implements TaskCatalog {

	private static final int PAGE_SIZE = 500;

	private final KV kv;

	private final Keyspace keyspace;

	private final long maxPayload;

	private final Duration requestTimeout;

	/**
	 * @param client the etcd client
	 * @param keyspace the cluster's keys
	 * @param maxPayload the largest payload accepted, in bytes ({@code coord.task.max-payload})
	 * @param requestTimeout the deadline of each request
	 */
	public EtcdTaskCatalog(Client client, Keyspace keyspace, long maxPayload, Duration requestTimeout) {
		this.kv = client.getKVClient();
		this.keyspace = keyspace;
		this.maxPayload = maxPayload;
		this.requestTimeout = requestTimeout;
	}

	@Override
	public void put(String taskId, byte[] payload) {
		check(taskId, payload);
		await(this.kv.put(key(taskId), ByteSequence.from(payload)), "put task '" + taskId + "'");
	}

	@Override
	public boolean putIfAbsent(String taskId, byte[] payload) {
		check(taskId, payload);
		ByteSequence key = key(taskId);
		TxnResponse response = await(this.kv.txn()
			.If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
			.Then(Op.put(key, ByteSequence.from(payload), PutOption.DEFAULT))
			.commit(), "create task '" + taskId + "'");
		return response.isSucceeded();
	}

	@Override
	public boolean remove(String taskId) {
		requireValidId(taskId);
		return await(this.kv.delete(key(taskId)), "remove task '" + taskId + "'").getDeleted() > 0;
	}

	/**
	 * Every task and its payload, read page by page at the revision of the first page. Keys that are not
	 * valid task ids, and payloads over the limit, are left out: the coordinator skips them too.
	 */
	@Override
	public Map<String, byte[]> list() {
		String prefix = this.keyspace.prefix() + Keyspace.TASKS;
		ByteSequence end = prefixEnd(prefix);
		Map<String, byte[]> tasks = new LinkedHashMap<>();
		ByteSequence from = bytes(prefix);
		long revision = 0;
		boolean more = true;
		while (more) {
			GetOption.Builder option = GetOption.builder().withRange(end).withLimit(PAGE_SIZE);
			if (revision != 0) {
				option.withRevision(revision);
			}
			GetResponse page = await(this.kv.get(from, option.build()), "list tasks");
			if (revision == 0) {
				revision = page.getHeader().getRevision();
			}
			for (KeyValue entry : page.getKvs()) {
				String taskId = entry.getKey().toString(StandardCharsets.UTF_8).substring(prefix.length());
				if (Keyspace.isValidTaskId(taskId) && entry.getValue().size() <= this.maxPayload) {
					tasks.put(taskId, entry.getValue().getBytes());
				}
			}
			more = page.isMore() && !page.getKvs().isEmpty();
			if (more) {
				byte[] last = page.getKvs().get(page.getKvs().size() - 1).getKey().getBytes();
				byte[] next = Arrays.copyOf(last, last.length + 1);
				from = ByteSequence.from(next);
			}
		}
		return tasks;
	}

	private void check(String taskId, byte[] payload) {
		requireValidId(taskId);
		if (payload.length > this.maxPayload) {
			throw new IllegalArgumentException("The payload of task '" + taskId + "' is " + payload.length
					+ " bytes, over coord.task.max-payload (" + this.maxPayload
					+ " bytes): the coordinator would skip it. Store the data elsewhere and put a reference in the "
					+ "payload, or raise coord.task.max-payload (etcd takes requests up to 1.5 MiB by default).");
		}
	}

	private static void requireValidId(String taskId) {
		if (!Keyspace.isValidTaskId(taskId)) {
			throw new IllegalArgumentException("Invalid task id '" + taskId + "': a task id is a non-empty UTF-8 "
					+ "string of at most " + Keyspace.MAX_TASK_ID_BYTES + " bytes without control characters");
		}
	}

	private ByteSequence key(String taskId) {
		return bytes(this.keyspace.task(taskId));
	}

	private <T> T await(CompletableFuture<T> call, String what) {
		try {
			return call.get(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException("Could not " + what + " in etcd: " + cause.getMessage()
					+ " (a write may still apply later)", cause);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			throw new IllegalStateException("Could not " + what + " in etcd within "
					+ this.requestTimeout.toMillis() + " ms (a write may still apply later)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			call.cancel(true);
			throw new IllegalStateException("Interrupted while trying to " + what + " in etcd", ex);
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	/** The first key after every key that starts with the prefix. */
	private static ByteSequence prefixEnd(String prefix) {
		byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
		for (int i = end.length - 1; i >= 0; i--) {
			if (end[i] != (byte) 0xff) {
				end[i]++;
				return ByteSequence.from(Arrays.copyOf(end, i + 1));
			}
		}
		return ByteSequence.from(new byte[] { 0 });
	}

}
