package dev.coord.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

import dev.coord.autoconfigure.Coordinator;
import dev.coord.core.RevokeReason;
import dev.coord.event.LeadershipGrantedEvent;
import dev.coord.event.LeadershipRevokedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The ownership journal ({@code sample.journal.path}): one line per event, appended and handed to the
 * operating system before the listener goes on, so that a line survives a {@code kill -9} of the very
 * next instant.
 *
 * <pre>
 * &lt;System.nanoTime()&gt; &lt;epoch millis&gt; &lt;memberId&gt; &lt;KIND&gt; &lt;taskId&gt; &lt;fencingToken&gt; &lt;reason&gt;
 * </pre>
 *
 * KIND is {@code ASSIGNED} (the first thing the assigned listener does), {@code REVOKED} (the last thing
 * the revoked listener does, once the work has stopped), {@code LEADER_GRANTED} or {@code LEADER_REVOKED}
 * (whose token column holds the leader's epoch). A field that does not apply is {@code -}. A space or
 * {@code %} in a task id is written {@code %20} or {@code %25}, so that a line always has seven fields.
 * <p>
 * {@code System.nanoTime()} is {@code CLOCK_MONOTONIC} on Linux, shared by every process of the machine:
 * journals of several instances on one machine merge into one exact order. Each line opens and closes the
 * file: events are rare, and the journal then needs no lifecycle of its own, so that it still writes the
 * revocations that coord makes at the very end of a shutdown.
 */
@Component
class OwnershipJournal {

	private static final Log logger = LogFactory.getLog(OwnershipJournal.class);

	private static final String NONE = "-";

	private final @Nullable Path path;

	private final Supplier<String> memberId;

	@Autowired
	OwnershipJournal(SampleProperties properties, ObjectProvider<Coordinator> coordinator) {
		this(properties.getJournal().getPath(), () -> memberIdOf(coordinator.getIfAvailable()));
	}

	/**
	 * Creates a journal.
	 * @param path the file to append to, or null for none
	 * @param memberId this member's id, asked for at each line: coord knows it only once it is configured
	 */
	OwnershipJournal(@Nullable Path path, Supplier<String> memberId) {
		this.path = path;
		this.memberId = memberId;
		if (this.path != null) {
			createDirectories(this.path.toAbsolutePath().getParent());
			logger.info("Writing the ownership journal to " + this.path.toAbsolutePath());
		}
	}

	/** Writes {@code ASSIGNED}: call it first in the assigned listener, before the work starts. */
	void assigned(String taskId, long fencingToken) {
		write(Kind.ASSIGNED, taskId, Long.toString(fencingToken), NONE);
	}

	/** Writes {@code REVOKED}: call it last in the revoked listener, once the work has stopped. */
	void revoked(String taskId, long fencingToken, RevokeReason reason) {
		write(Kind.REVOKED, taskId, Long.toString(fencingToken), reason.name());
	}

	@EventListener
	void leadershipGranted(LeadershipGrantedEvent event) {
		write(Kind.LEADER_GRANTED, null, Long.toString(event.getEpoch()), NONE);
	}

	@EventListener
	void leadershipRevoked(LeadershipRevokedEvent event) {
		write(Kind.LEADER_REVOKED, null, Long.toString(event.getEpoch()), NONE);
	}

	/**
	 * Stamps and writes a line under one lock, so that the lines of one journal are in stamp order. A
	 * failure to write is thrown: coord logs and counts a listener's exception, and a journal with a hole
	 * in it must not pass for a complete one.
	 */
	private synchronized void write(Kind kind, @Nullable String taskId, String token, String reason) {
		if (this.path == null) {
			return;
		}
		String line = line(System.nanoTime(), System.currentTimeMillis(), this.memberId.get(), kind, taskId, token,
				reason);
		try {
			Files.write(this.path, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write to the ownership journal " + this.path, ex);
		}
	}

	static String line(long nanos, long millis, String memberId, Kind kind, @Nullable String taskId, String token,
			String reason) {
		String task = (taskId != null) ? escape(taskId) : NONE;
		return nanos + " " + millis + " " + memberId + " " + kind + " " + task + " " + token + " " + reason + "\n";
	}

	static String escape(String taskId) {
		return taskId.replace("%", "%25").replace(" ", "%20");
	}

	private static String memberIdOf(@Nullable Coordinator coordinator) {
		return (coordinator != null) ? coordinator.getMemberId() : NONE;
	}

	private static void createDirectories(@Nullable Path directory) {
		if (directory == null) {
			return;
		}
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the directory of sample.journal.path: " + directory, ex);
		}
	}

	/** What a journal line records. */
	enum Kind {

		ASSIGNED, REVOKED, LEADER_GRANTED, LEADER_REVOKED

	}

}
