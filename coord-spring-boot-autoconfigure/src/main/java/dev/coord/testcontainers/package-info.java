/**
 * Testcontainers support: an etcd container annotated {@code @ServiceConnection} connects coord.
 */
@NullMarked
package dev.coord.testcontainers;

import org.jspecify.annotations.NullMarked;
