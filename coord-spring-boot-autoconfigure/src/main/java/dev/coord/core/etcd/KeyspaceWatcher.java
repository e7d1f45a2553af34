package dev.coord.core.etcd;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.coord.core.etcd.Etcd.EtcdUnavailableException;
import dev.coord.core.etcd.Etcd.Listing;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link KeyspaceView} in step with etcd: lists the cluster's prefix at one revision, then
 * watches from the next one. Lists again when the watch is compacted away or closed (etcd restarted,
 * lost its leader) or fails at all, and every {@code rebalance.interval} anyway, because etcd 3.4 can lose
 * watch events.
 * Everything runs on the engine's loop thread; jetcd callbacks only hand over to it. Each listing starts
 * a new generation, and callbacks of an older generation's watch are dropped.
 */
final class KeyspaceWatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(KeyspaceWatcher.class);

	private static final Duration MIN_BACKOFF = Duration.ofMillis(200);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	private final Etcd etcd;

	private final String prefix;

	private final ScheduledExecutorService loop;

	private final KeyspaceView view;

	private final Runnable onChange;

	private final Duration interval;

	private int generation;

	private Duration backoff = MIN_BACKOFF;

	private Watch.@Nullable Watcher watcher;

	private @Nullable ScheduledFuture<?> nextListing;

	private boolean closed;

	KeyspaceWatcher(Etcd etcd, String prefix, ScheduledExecutorService loop, KeyspaceView view, Runnable onChange,
			Duration interval) {
		this.etcd = etcd;
		this.prefix = prefix;
		this.loop = loop;
		this.view = view;
		this.onChange = onChange;
		this.interval = interval;
	}

	/** Lists now (on the loop) and keeps watching. */
	void start() {
		this.loop.execute(this::relist);
	}

	/** Lists again soon: for callers that suspect the view is behind. Loop thread only. */
	void relistSoon() {
		scheduleListing(Duration.ZERO);
	}

	private void relist() {
		if (this.closed) {
			return;
		}
		Listing listing;
		try {
			listing = this.etcd.list(this.prefix);
		}
		catch (EtcdUnavailableException ex) {
			logger.debug("Listing {} failed, trying again in {}", this.prefix, this.backoff, ex);
			scheduleListing(this.backoff);
			this.backoff = this.backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
					: this.backoff.multipliedBy(2);
			return;
		}
		this.backoff = MIN_BACKOFF;
		this.generation++;
		closeWatcher();
		this.view.replace(listing.revision(), listing.kvs());
		this.watcher = watch(listing.revision() + 1, this.generation);
		scheduleListing(this.interval);
		this.onChange.run();
	}

	private Watch.Watcher watch(long fromRevision, int watchGeneration) {
		WatchOption option = WatchOption.builder()
			.isPrefix(true)
			.withRevision(fromRevision)
			.withProgressNotify(true)
			.withRequireLeader(true)
			.build();
		return this.etcd.client().getWatchClient().watch(Etcd.bytes(this.prefix), option, new Watch.Listener() {

			@Override
			public void onNext(WatchResponse response) {
				handOver(() -> received(watchGeneration, response));
			}

			@Override
			public void onError(Throwable failure) {
				// jetcd would resume by itself, but from the revision of the last response's header, which
				// can skip events it never delivered: a view with a gap is worse than a late one. So this
				// watch is dropped at its first error and replaced by a listing.
				logger.debug("Watch on {} reported an error", KeyspaceWatcher.this.prefix, failure);
				handOver(() -> watchEnded(watchGeneration));
			}

			@Override
			public void onCompleted() {
				handOver(() -> watchEnded(watchGeneration));
			}

		});
	}

	/** From a jetcd thread to the loop; after the engine stopped there is nobody left to tell. */
	private void handOver(Runnable work) {
		try {
			this.loop.execute(work);
		}
		catch (RejectedExecutionException ex) {
			// The engine has stopped.
		}
	}

	private void received(int watchGeneration, WatchResponse response) {
		if (watchGeneration != this.generation || this.closed) {
			return;
		}
		if (response.getEvents().isEmpty()) {
			if (response.isProgressNotify()) {
				this.view.progress(response.getHeader().getRevision());
				this.onChange.run();
			}
			return;
		}
		if (this.view.apply(response.getEvents())) {
			this.onChange.run();
		}
	}

	private void watchEnded(int watchGeneration) {
		if (watchGeneration == this.generation && !this.closed) {
			logger.info("Watch on {} failed or closed (compaction, etcd restart or lost etcd leader); listing again",
					this.prefix);
			// Drop whatever this watch still delivers: the view stays a consistent prefix of etcd's history.
			this.generation++;
			closeWatcher();
			scheduleListing(Duration.ZERO);
		}
	}

	private void scheduleListing(Duration delay) {
		if (this.closed) {
			return;
		}
		if (this.nextListing != null) {
			this.nextListing.cancel(false);
		}
		this.nextListing = this.loop.schedule(this::relist, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void closeWatcher() {
		if (this.watcher != null) {
			this.watcher.close();
			this.watcher = null;
		}
	}

	/** Stops watching. Loop thread only. */
	@Override
	public void close() {
		this.closed = true;
		if (this.nextListing != null) {
			this.nextListing.cancel(false);
		}
		closeWatcher();
	}

}
