/**
 * Auto-configuration of coord: properties, the etcd connection, the engine's lifecycle, and one
 * auto-configuration per optional concern (health, metrics, endpoint).
 */
@NullMarked
package dev.coord.autoconfigure;

import org.jspecify.annotations.NullMarked;
