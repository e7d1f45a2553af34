package dev.coord.sample;

import java.time.Instant;

/**
 * One item a poller produced, tagged with the fencing token of the ownership that produced it: a
 * downstream system that keeps the highest token it has seen per task can reject items from an owner
 * that has been replaced (say, one that woke up from a long pause).
 *
 * @param taskId the task (feed) polled
 * @param fencingToken the poller's fencing token
 * @param sequence the poll's number within this ownership, from 1
 * @param url the feed polled
 * @param polledAt when the poll ended
 */
record FeedItem(String taskId, long fencingToken, long sequence, String url, Instant polledAt) {

}
