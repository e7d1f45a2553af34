/**
 * The engine's etcd side: the only engine package that talks to jetcd.
 */
@NullMarked
package dev.coord.core.etcd;

import org.jspecify.annotations.NullMarked;
