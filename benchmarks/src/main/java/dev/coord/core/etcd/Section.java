package dev.coord.core.etcd;

import java.util.List;

import dev.coord.benchmarks.report.Goal;

/**
 * One part of the end-to-end report.
 *
 * @param title its heading
 * @param markdown its text and tables
 * @param goals the goals it measures
 */
record Section(String title, String markdown, List<Goal> goals) {
}
