package dev.coord.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Polls one feed for as long as this member owns its task: a poll, then the next one scheduled on the
 * application's executor a feed interval later, until {@link #stop()}. A poll holds the poller's lock for
 * its whole length, so {@code stop()} returns only once no poll runs and none will: that is what lets the
 * revoked listener say "the work has stopped".
 */
final class FeedPoller {

	private static final Log logger = LogFactory.getLog(FeedPoller.class);

	private final String taskId;

	private final long fencingToken;

	private final ScheduledExecutorService executor;

	private final Duration defaultInterval;

	private final Duration work;

	/** Fair, so that a stop waiting for a poll to end goes before the next poll. */
	private final ReentrantLock lock = new ReentrantLock(true);

	private volatile FeedSpec feed;

	private volatile @Nullable FeedItem lastItem;

	// Guarded by lock.
	private boolean stopped;

	// Guarded by lock.
	private @Nullable Future<?> next;

	// Guarded by lock.
	private long polls;

	FeedPoller(String taskId, long fencingToken, FeedSpec feed, ScheduledExecutorService executor,
			Duration defaultInterval, Duration work) {
		this.taskId = taskId;
		this.fencingToken = fencingToken;
		this.feed = feed;
		this.executor = executor;
		this.defaultInterval = defaultInterval;
		this.work = work;
	}

	/** Starts polling at once. */
	void start() {
		this.lock.lock();
		try {
			if (!this.stopped) {
				schedule(0);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Polls another feed from the next poll on (the task's payload changed). */
	void update(FeedSpec feed) {
		this.feed = feed;
	}

	/** Stops polling, waiting for a poll in progress to end. After it returns, this poller runs no more. */
	void stop() {
		this.lock.lock();
		try {
			this.stopped = true;
			if (this.next != null) {
				this.next.cancel(false);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	PollerStatus status() {
		FeedItem last = this.lastItem;
		if (last == null) {
			return new PollerStatus(this.taskId, this.fencingToken, this.feed.url(), 0, null);
		}
		return new PollerStatus(this.taskId, this.fencingToken, last.url(), last.sequence(), last.polledAt());
	}

	private void poll() {
		this.lock.lock();
		try {
			if (this.stopped) {
				return;
			}
			FeedSpec feed = this.feed;
			Thread.sleep(this.work.toMillis()); // fetching and parsing the feed
			this.polls++;
			FeedItem item = new FeedItem(this.taskId, this.fencingToken, this.polls, feed.url(), Instant.now());
			this.lastItem = item;
			if (logger.isDebugEnabled()) {
				logger.debug("Polled " + item);
			}
			long interval = (feed.intervalMillis() > 0) ? feed.intervalMillis() : this.defaultInterval.toMillis();
			schedule(interval);
		}
		catch (InterruptedException ex) {
			// The executor is shutting down: the JVM is on its way out.
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void schedule(long delayMillis) {
		try {
			this.next = this.executor.schedule(this::poll, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Not polling " + this.taskId + " any more: the executor is shut down");
		}
	}

	/**
	 * What a poller has done, for the cluster page.
	 *
	 * @param taskId the task
	 * @param fencingToken the token its items carry
	 * @param url the feed polled last, or the one to poll first
	 * @param polls polls done in this ownership
	 * @param lastPollAt the end of the last poll, or null before the first
	 */
	record PollerStatus(String taskId, long fencingToken, String url, long polls, @Nullable Instant lastPollAt) {

	}

}
