/**
 * The fault-injection suite: a cluster of sample-app processes on a 3-node etcd, faults injected on a
 * seeded schedule, and a checker over the ownership journals (the README's "The fault-injection suite").
 */
@NullMarked
package dev.coord.faults;

import org.jspecify.annotations.NullMarked;
