/**
 * The churn and balance comparison: coord's planner against the hashing schemes a user might pick instead.
 */
@NullMarked
package dev.coord.benchmarks.churn;

import org.jspecify.annotations.NullMarked;
