package dev.coord.sample;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import dev.coord.event.TaskAssignedEvent;
import dev.coord.event.TaskRevokedEvent;
import dev.coord.event.TaskUpdatedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The feeds this member polls, started and stopped by coord's events. This is the pattern for any
 * long-running work: the assigned listener starts the work on the application's own executor and returns
 * at once; the revoked listener stops it and returns only once it has stopped, which is what lets coord
 * promise that a task never runs on two members at once.
 */
@Component
class FeedPollers {

	private static final Log logger = LogFactory.getLog(FeedPollers.class);

	private final Map<String, FeedPoller> running = new ConcurrentHashMap<>();

	private final OwnershipJournal journal;

	private final ScheduledExecutorService executor;

	private final SampleProperties.Poller settings;

	FeedPollers(OwnershipJournal journal, ScheduledExecutorService pollerExecutor, SampleProperties properties) {
		this.journal = journal;
		this.executor = pollerExecutor;
		this.settings = properties.getPoller();
	}

	@EventListener
	void start(TaskAssignedEvent event) {
		this.journal.assigned(event.getTaskId(), event.getFencingToken());
		FeedPoller poller = new FeedPoller(event.getTaskId(), event.getFencingToken(), feedOf(event), this.executor,
				this.settings.getInterval(), this.settings.getWork());
		FeedPoller previous = this.running.put(event.getTaskId(), poller);
		if (previous != null) {
			// coord alternates assigned and revoked for a task: this is only a guard against a missed revoke.
			previous.stop();
		}
		poller.start();
		logger.info("Polling " + event.getTaskId() + " with fencing token " + event.getFencingToken());
	}

	@EventListener
	void update(TaskUpdatedEvent event) {
		FeedPoller poller = this.running.get(event.getTaskId());
		if (poller != null) {
			poller.update(feedOf(event.getTaskId(), event::payloadAs));
		}
	}

	@EventListener
	void stop(TaskRevokedEvent event) {
		FeedPoller poller = this.running.remove(event.getTaskId());
		if (poller != null) {
			poller.stop();
		}
		logger.info("Stopped polling " + event.getTaskId() + " (" + event.getReason() + ")");
		this.journal.revoked(event.getTaskId(), event.getFencingToken(), event.getReason());
	}

	/** What each running poller has done, by task. */
	List<FeedPoller.PollerStatus> statuses() {
		return this.running.values()
			.stream()
			.map(FeedPoller::status)
			.sorted(Comparator.comparing(FeedPoller.PollerStatus::taskId))
			.toList();
	}

	private static FeedSpec feedOf(TaskAssignedEvent event) {
		return feedOf(event.getTaskId(), event::payloadAs);
	}

	/** Tasks that other systems put into the catalog may carry anything: poll a made-up feed for those. */
	private static FeedSpec feedOf(String taskId, PayloadReader reader) {
		try {
			FeedSpec feed = reader.read(FeedSpec.class);
			return (feed.url() != null) ? feed : FeedSpec.fallback(taskId);
		}
		catch (RuntimeException ex) {
			return FeedSpec.fallback(taskId);
		}
	}

	@FunctionalInterface
	private interface PayloadReader {

		<T> T read(Class<T> type);

	}

}
