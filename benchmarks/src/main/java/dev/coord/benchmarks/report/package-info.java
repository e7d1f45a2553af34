/**
 * Markdown tables, goals, and the assembly of {@code BENCHMARKS.md}.
 */
@NullMarked
package dev.coord.benchmarks.report;

import org.jspecify.annotations.NullMarked;
