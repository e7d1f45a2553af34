/**
 * The Micrometer binder of coord's {@code coord.*} meters; the engine itself never imports Micrometer.
 */
@NullMarked
package dev.coord.metrics;

import org.jspecify.annotations.NullMarked;
