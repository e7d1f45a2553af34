package dev.coord.autoconfigure;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way {@code application.yml} writes them ({@code 10s}, {@code 250ms}), not as
 * ISO-8601 ({@code PT10S}), for messages a user reads.
 */
final class DurationText {

	private static final Pattern ISO = Pattern.compile("\\bPT(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?\\b");

	private DurationText() {
	}

	static String of(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 1000 != 0 || millis == 0) {
			return millis + "ms";
		}
		return (millis / 1000) + "s";
	}

	/** Rewrites every ISO-8601 duration in a text. */
	static String rewrite(String text) {
		Matcher matcher = ISO.matcher(text);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String replacement;
			try {
				replacement = of(Duration.parse(matcher.group()));
			}
			catch (DateTimeParseException ex) {
				replacement = matcher.group();
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(result);
		return result.toString();
	}

}
