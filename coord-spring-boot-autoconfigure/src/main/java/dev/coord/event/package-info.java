/**
 * The application events coord publishes: a task assigned to, updated on, or revoked from this member,
 * and leadership granted or revoked.
 */
@NullMarked
package dev.coord.event;

import org.jspecify.annotations.NullMarked;
