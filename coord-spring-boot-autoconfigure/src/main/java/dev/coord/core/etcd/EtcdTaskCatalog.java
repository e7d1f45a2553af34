package dev.coord.core.etcd;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.coord.core.CoordObserver;
import dev.coord.core.Keyspace;
import dev.coord.core.TaskCatalog;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

/**
 * The task definitions of a cluster in etcd ({@code tasks/}). Every call is blocking, under the request
 * timeout; a failure throws {@link IllegalStateException} whose message says whether the write may still
 * apply (jetcd may deliver a write after the caller gave up).
 */
public final class EtcdTaskCatalog implements TaskCatalog {

	private final KV kv;

	/** Reads the listing: page by page at one revision, as the coordinator does. */
	private final Etcd etcd;

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
		this.etcd = new Etcd(client, requestTimeout, CoordObserver.NONE);
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
		Etcd.Listing listing;
		try {
			listing = this.etcd.list(prefix);
		}
		catch (Etcd.EtcdUnavailableException ex) {
			throw new IllegalStateException("Could not list tasks in etcd: " + ex.getMessage(), ex);
		}
		Map<String, byte[]> tasks = new LinkedHashMap<>();
		for (KeyValue entry : listing.kvs()) {
			String taskId = Etcd.string(entry.getKey()).substring(prefix.length());
			if (Keyspace.isValidTaskId(taskId) && entry.getValue().size() <= this.maxPayload) {
				tasks.put(taskId, entry.getValue().getBytes());
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
		return Etcd.bytes(this.keyspace.task(taskId));
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

}
