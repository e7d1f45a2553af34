package dev.coord.sample;

/**
 * What a task of the sample is: a feed to poll. Stored as the task's JSON payload in etcd, e.g.
 * {@code {"url":"https://feeds.example.org/task-001.xml","intervalMillis":300}}.
 *
 * @param url the feed's address (the sample only pretends to fetch it)
 * @param intervalMillis time between two polls; 0 or less takes {@code sample.poller.interval}
 */
record FeedSpec(String url, long intervalMillis) {

	/** The feed of a task whose payload is not a feed: the sample still polls something for it. */
	static FeedSpec fallback(String taskId) {
		return new FeedSpec("https://feeds.example.org/" + taskId + ".xml", 0);
	}

}
