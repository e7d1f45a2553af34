package dev.coord.sample;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the sample, under {@code sample.*}.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	/**
	 * Number of tasks, task-001 to task-N, to put into the cluster's catalog where they are missing. 0
	 * seeds none.
	 */
	private int seedTasks;

	private final Journal journal = new Journal();

	private final Poller poller = new Poller();

	public int getSeedTasks() {
		return this.seedTasks;
	}

	public void setSeedTasks(int seedTasks) {
		this.seedTasks = seedTasks;
	}

	public Journal getJournal() {
		return this.journal;
	}

	public Poller getPoller() {
		return this.poller;
	}

	/**
	 * The ownership journal.
	 */
	public static class Journal {

		/**
		 * File to append one line per task and leadership event to. No journal when unset.
		 */
		private @Nullable Path path;

		public @Nullable Path getPath() {
			return this.path;
		}

		public void setPath(@Nullable Path path) {
			this.path = path;
		}

	}

	/**
	 * The feed pollers.
	 */
	public static class Poller {

		/**
		 * Threads that poll feeds; each poll is short, so a few serve many feeds.
		 */
		private int threads = 2;

		/**
		 * Time between two polls of a feed whose payload sets none.
		 */
		private Duration interval = Duration.ofMillis(300);

		/**
		 * Simulated time one poll takes (fetching and parsing the feed).
		 */
		private Duration work = Duration.ofMillis(20);

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getWork() {
			return this.work;
		}

		public void setWork(Duration work) {
			this.work = work;
		}

	}

}
