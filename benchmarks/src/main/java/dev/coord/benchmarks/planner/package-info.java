/**
 * JMH benchmarks of the pure assignment planner.
 */
@NullMarked
package dev.coord.benchmarks.planner;

import org.jspecify.annotations.NullMarked;
