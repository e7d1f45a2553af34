/**
 * The {@code coord} actuator endpoint.
 */
@NullMarked
package dev.coord.actuate;

import org.jspecify.annotations.NullMarked;
