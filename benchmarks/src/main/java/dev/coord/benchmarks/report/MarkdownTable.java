package dev.coord.benchmarks.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A Markdown table, built row by row. */
public final class MarkdownTable {

	private final List<String> headers;

	private final List<List<String>> rows = new ArrayList<>();

	public MarkdownTable(String... headers) {
		this.headers = List.of(headers);
	}

	public MarkdownTable row(Object... cells) {
		if (cells.length != this.headers.size()) {
			throw new IllegalArgumentException("Expected " + this.headers.size() + " cells, got " + Arrays.toString(cells));
		}
		this.rows.add(Arrays.stream(cells).map(String::valueOf).map((cell) -> cell.replace("|", "\\|")).toList());
		return this;
	}

	@Override
	public String toString() {
		StringBuilder out = new StringBuilder();
		out.append("| ").append(String.join(" | ", this.headers)).append(" |\n");
		out.append("|").append("---|".repeat(this.headers.size())).append("\n");
		for (List<String> row : this.rows) {
			out.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		return out.toString();
	}

	/** A number with the given decimals, in the root locale. */
	public static String format(double value, int decimals) {
		return String.format(Locale.ROOT, "%." + decimals + "f", value);
	}

}
