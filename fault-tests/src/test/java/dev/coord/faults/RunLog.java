package dev.coord.faults;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The harness's own journal ({@code run.log}): what it did and when, stamped with
 * {@link System#nanoTime()} like the members' ownership journals, so that both merge into one history.
 * One event per line: {@code <nanoTime> <TYPE> key=value ...}; values never contain spaces.
 */
final class RunLog implements AutoCloseable {

	static final String FILE_NAME = "run.log";

	private final BufferedWriter writer;

	private RunLog(BufferedWriter writer) {
		this.writer = writer;
	}

	static RunLog create(Path directory) {
		try {
			Files.createDirectories(directory);
			return new RunLog(Files.newBufferedWriter(directory.resolve(FILE_NAME), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the run log in " + directory, ex);
		}
	}

	/**
	 * Stamps and writes an event now.
	 * @param attributes alternating keys and values
	 * @return the stamp
	 */
	long log(String type, Object... attributes) {
		return log(System.nanoTime(), type, attributes);
	}

	/** Writes an event with a stamp taken earlier (e.g. just before a signal was sent). */
	synchronized long log(long nanos, String type, Object... attributes) {
		if (attributes.length % 2 != 0) {
			throw new IllegalArgumentException("Attributes come in key-value pairs: " + List.of(attributes));
		}
		StringBuilder line = new StringBuilder().append(nanos).append(' ').append(type);
		for (int i = 0; i < attributes.length; i += 2) {
			String value = String.valueOf(attributes[i + 1]);
			if (value.isEmpty() || value.contains(" ") || value.contains("\n")) {
				throw new IllegalArgumentException("Not a single word: " + attributes[i] + "='" + value + "'");
			}
			line.append(' ').append(attributes[i]).append('=').append(value);
		}
		try {
			this.writer.write(line.append('\n').toString());
			this.writer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the run log", ex);
		}
		return nanos;
	}

	@Override
	public synchronized void close() {
		try {
			this.writer.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads a run log back. */
	static List<Event> read(Path file) {
		try {
			return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	static List<Event> parse(List<String> lines) {
		List<Event> events = new ArrayList<>();
		for (String text : lines) {
			if (text.isBlank() || text.startsWith("#")) {
				continue;
			}
			String[] words = text.trim().split(" +");
			Map<String, String> attributes = new LinkedHashMap<>();
			for (int i = 2; i < words.length; i++) {
				int equals = words[i].indexOf('=');
				if (equals <= 0) {
					throw new IllegalArgumentException("Not key=value in run log line '" + text + "'");
				}
				attributes.put(words[i].substring(0, equals), words[i].substring(equals + 1));
			}
			events.add(new Event(Long.parseLong(words[0]), words[1], attributes));
		}
		return events;
	}

	/**
	 * One thing the harness did or saw.
	 *
	 * @param nanos {@code System.nanoTime()}
	 * @param type e.g. {@code KILL}, {@code PAUSE}, {@code REST}
	 * @param attributes its details
	 */
	record Event(long nanos, String type, Map<String, String> attributes) {

		String get(String key) {
			String value = this.attributes.get(key);
			if (value == null) {
				throw new IllegalArgumentException("No " + key + " in " + this);
			}
			return value;
		}

		@Nullable String find(String key) {
			return this.attributes.get(key);
		}

		boolean flag(String key) {
			return Boolean.parseBoolean(this.attributes.get(key));
		}

		long number(String key) {
			return Long.parseLong(get(key));
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder().append(this.nanos).append(' ').append(this.type);
			this.attributes.forEach((key, value) -> text.append(' ').append(key).append('=').append(value));
			return text.toString();
		}

	}

}
