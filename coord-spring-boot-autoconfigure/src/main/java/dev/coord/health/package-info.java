/**
 * The {@code coord} health indicator.
 */
@NullMarked
package dev.coord.health;

import org.jspecify.annotations.NullMarked;
