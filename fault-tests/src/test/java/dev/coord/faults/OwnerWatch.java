package dev.coord.faults;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import org.jspecify.annotations.Nullable;

/**
 * Watches coord's {@code owners/} keys from the harness and writes what etcd says, with the instant the
 * harness heard it ({@code owners.log}: {@code <nanoTime> PUT|DELETE <taskId> <memberId|-> <revision>}).
 * Only for the report's breakdown of a graceful handoff (release, claim, start) and as evidence: the
 * checker's verdicts rest on the members' journals. The watch is started again after etcd failures; what
 * it misses meanwhile is simply missing.
 */
final class OwnerWatch implements AutoCloseable {

	static final String FILE_NAME = "owners.log";

	private final Client client;

	private final String prefix;

	private final BufferedWriter writer;

	private volatile boolean closed;

	private Watch.@Nullable Watcher watcher;

	private int generation;

	OwnerWatch(Client client, String prefix, Path directory) {
		this.client = client;
		this.prefix = prefix + "owners/";
		try {
			this.writer = Files.newBufferedWriter(directory.resolve(FILE_NAME), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		watch();
	}

	private synchronized void watch() {
		if (this.closed) {
			return;
		}
		int current = ++this.generation;
		this.watcher = this.client.getWatchClient()
			.watch(ByteSequence.from(this.prefix, StandardCharsets.UTF_8), WatchOption.builder().isPrefix(true).build(),
					new Watch.Listener() {

						@Override
						public void onNext(WatchResponse response) {
							long now = System.nanoTime();
							for (WatchEvent event : response.getEvents()) {
								write(current, now, event);
							}
						}

						@Override
						public void onError(Throwable failure) {
							again(current);
						}

						@Override
						public void onCompleted() {
							again(current);
						}

					});
	}

	private void again(int failed) {
		synchronized (this) {
			if (failed != this.generation) {
				return;
			}
			this.generation++;
			if (this.watcher != null) {
				this.watcher.close();
				this.watcher = null;
			}
		}
		CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(this::watch);
	}

	private synchronized void write(int from, long nanos, WatchEvent event) {
		if (this.closed || from != this.generation) {
			return;
		}
		KeyValue kv = event.getKeyValue();
		String task = kv.getKey().toString(StandardCharsets.UTF_8).substring(this.prefix.length());
		boolean put = event.getEventType() == WatchEvent.EventType.PUT;
		String member = "-";
		if (put) {
			String value = kv.getValue().toString(StandardCharsets.UTF_8);
			int at = value.indexOf("\"memberId\":\"");
			if (at >= 0) {
				member = value.substring(at + 12, value.indexOf('"', at + 12));
			}
		}
		try {
			this.writer.write(nanos + " " + (put ? "PUT" : "DELETE") + " " + task.replace(" ", "%20") + " " + member + " "
					+ kv.getModRevision() + "\n");
			this.writer.flush();
		}
		catch (IOException ex) {
			// diagnosis only
		}
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.watcher != null) {
			this.watcher.close();
		}
		try {
			this.writer.close();
		}
		catch (IOException ex) {
			// diagnosis only
		}
	}

	/** The lines of an owners.log, or none. */
	static List<String[]> read(Path directory) {
		Path file = directory.resolve(FILE_NAME);
		List<String[]> lines = new ArrayList<>();
		try {
			if (Files.exists(file)) {
				for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
					String[] fields = line.split(" ");
					if (fields.length == 5) {
						lines.add(fields);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return lines;
	}

}
