package dev.coord.sample;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FeedPollerTests {

	private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

	@AfterEach
	void shutDown() {
		this.executor.shutdownNow();
	}

	@Test
	void pollsAgainAndAgainTaggingItsWorkWithTheFencingToken() {
		FeedPoller poller = poller(Duration.ofMillis(10), Duration.ZERO);
		poller.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> poller.status().polls() >= 3);
		assertThat(poller.status().fencingToken()).isEqualTo(42);
		assertThat(poller.status().url()).isEqualTo("https://feeds.example.org/task-001.xml");
		poller.stop();
	}

	@Test
	void stopWaitsForThePollInProgressAndNothingRunsAfterIt() throws Exception {
		FeedPoller poller = poller(Duration.ofMillis(1), Duration.ofMillis(200));
		poller.start();
		Thread.sleep(50); // the first poll is under way: it takes 200 ms
		long started = System.nanoTime();
		poller.stop();
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		long polls = poller.status().polls();
		assertThat(polls).isEqualTo(1);
		assertThat(waited).isGreaterThan(Duration.ofMillis(100));
		Thread.sleep(300);
		assertThat(poller.status().polls()).isEqualTo(polls);
	}

	@Test
	void aStoppedPollerDoesNotStart() throws Exception {
		FeedPoller poller = poller(Duration.ofMillis(1), Duration.ZERO);
		poller.stop();
		poller.start();
		Thread.sleep(50);
		assertThat(poller.status().polls()).isZero();
	}

	@Test
	void pollsTheNewFeedAfterAnUpdate() {
		FeedPoller poller = poller(Duration.ofMillis(5), Duration.ZERO);
		poller.start();
		poller.update(new FeedSpec("https://feeds.example.org/other.xml", 5));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> poller.status().url().equals("https://feeds.example.org/other.xml")
					&& poller.status().lastPollAt() != null);
		poller.stop();
	}

	private FeedPoller poller(Duration interval, Duration work) {
		return new FeedPoller("task-001", 42, FeedSpec.fallback("task-001"), this.executor, interval, work);
	}

}
