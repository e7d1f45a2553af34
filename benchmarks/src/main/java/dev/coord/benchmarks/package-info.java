/**
 * Benchmarks of coord: the planner (JMH), churn against hashing baselines, and end-to-end runs on etcd.
 */
@NullMarked
package dev.coord.benchmarks;

import org.jspecify.annotations.NullMarked;
