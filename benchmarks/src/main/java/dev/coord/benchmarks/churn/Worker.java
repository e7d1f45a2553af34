package dev.coord.benchmarks.churn;

/**
 * A worker of the churn scenario.
 *
 * @param id its id
 * @param capacity its relative share of the tasks
 */
record Worker(String id, int capacity) {
}
