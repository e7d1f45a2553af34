/**
 * A local etcd for the end-to-end benchmarks: the process, its metrics, and latency statistics.
 */
@NullMarked
package dev.coord.benchmarks.etcd;

import org.jspecify.annotations.NullMarked;
