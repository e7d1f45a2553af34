package dev.coord.core.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.coord.core.CoordObserver;
import dev.coord.core.CoordSettings;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

/**
 * The engine's blocking calls to etcd, each under the request deadline. Never called on a jetcd thread.
 * A call that fails or times out throws {@link EtcdUnavailableException}: the caller must treat the
 * outcome as unknown and read before deciding (jetcd may still apply a queued write later; every write
 * carries compares that make that harmless).
 */
final class Etcd {

	private static final int PAGE_SIZE = 1000;

	private final Client client;

	private final Duration timeout;

	private final CoordObserver observer;

	private final Reconnector reconnector;

	Etcd(Client client, Duration timeout, CoordObserver observer) {
		this.client = client;
		this.timeout = timeout;
		this.observer = observer;
		this.reconnector = Reconnector.of(client);
	}

	Client client() {
		return this.client;
	}

	/**
	 * Makes the client try the etcd endpoints it could not reach at once, instead of after gRPC's backoff:
	 * called whenever a call failed or is overdue.
	 */
	void reconnectNow() {
		this.reconnector.reconnectNow();
	}

	TxnResponse txn(List<Cmp> compares, List<Op> then, List<Op> otherwise) {
		return await(this.client.getKVClient()
			.txn()
			.If(compares.toArray(Cmp[]::new))
			.Then(then.toArray(Op[]::new))
			.Else(otherwise.toArray(Op[]::new))
			.commit());
	}

	/**
	 * Every key under the prefix, read page by page at one revision. A page over the client's inbound
	 * message limit (large payloads) is read again in halves.
	 */
	Listing list(String prefix) {
		ByteSequence end = prefixEnd(prefix);
		ByteSequence from = bytes(prefix);
		long revision = 0;
		int pageSize = PAGE_SIZE;
		List<KeyValue> kvs = new ArrayList<>();
		while (true) {
			GetOption.Builder option = GetOption.builder().withRange(end).withLimit(pageSize);
			GetResponse page;
			try {
				page = await(this.client.getKVClient()
					.get(from, (revision != 0) ? option.withRevision(revision).build() : option.build()));
			}
			catch (EtcdUnavailableException ex) {
				if (pageSize > 1 && String.valueOf(ex.getMessage()).contains("RESOURCE_EXHAUSTED")) {
					pageSize = Math.max(1, pageSize / 2);
					continue;
				}
				throw ex;
			}
			if (revision == 0) {
				revision = page.getHeader().getRevision();
			}
			kvs.addAll(page.getKvs());
			if (!page.isMore() || page.getKvs().isEmpty()) {
				return new Listing(revision, kvs);
			}
			from = ByteSequence.from(append(page.getKvs().get(page.getKvs().size() - 1).getKey().getBytes(), (byte) 0));
		}
	}

	private static byte[] append(byte[] bytes, byte last) {
		byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
		longer[bytes.length] = last;
		return longer;
	}

	<T> T await(CompletableFuture<T> call) {
		try {
			return call.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			call.cancel(true);
			Thread.currentThread().interrupt();
			throw new EtcdUnavailableException("interrupted while waiting for etcd", ex);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			reconnectNow();
			this.observer.etcdFailed(ex);
			throw new EtcdUnavailableException("etcd did not answer within " + CoordSettings.readable(this.timeout)
					+ " (coord.etcd.request-timeout); is etcd reachable from this instance?", ex);
		}
		catch (ExecutionException ex) {
			reconnectNow();
			this.observer.etcdFailed(ex.getCause());
			throw new EtcdUnavailableException("etcd request failed: " + ex.getCause().getMessage(), ex.getCause());
		}
	}

	static Cmp createRevision(String key, long revision) {
		return new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(revision));
	}

	static Cmp modRevision(String key, long revision) {
		return new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(revision));
	}

	static Op put(String key, byte[] value, long lease) {
		PutOption option = (lease != 0) ? PutOption.builder().withLeaseId(lease).build() : PutOption.DEFAULT;
		return Op.put(bytes(key), ByteSequence.from(value), option);
	}

	static Op delete(String key) {
		return Op.delete(bytes(key), DeleteOption.DEFAULT);
	}

	static Op get(String key) {
		return Op.get(bytes(key), GetOption.DEFAULT);
	}

	static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	static String string(ByteSequence bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}

	static ByteSequence prefixEnd(String prefix) {
		byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
		for (int i = end.length - 1; i >= 0; i--) {
			if (end[i] != (byte) 0xff) {
				end[i]++;
				return ByteSequence.from(Arrays.copyOf(end, i + 1));
			}
		}
		return ByteSequence.from(new byte[] { 0 });
	}

	/** The keys under a prefix at one revision. */
	record Listing(long revision, List<KeyValue> kvs) {
	}

	/** etcd did not answer, or answered with an error: the outcome of a write is unknown. */
	static final class EtcdUnavailableException extends RuntimeException {

		EtcdUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
