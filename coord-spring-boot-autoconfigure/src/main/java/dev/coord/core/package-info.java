/**
 * The coord engine: membership, election, planning and task ownership, free of Spring and Micrometer.
 */
@NullMarked
package dev.coord.core;

import org.jspecify.annotations.NullMarked;
