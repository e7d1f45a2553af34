/**
 * The coord sample: feed pollers that the instances of one application share through etcd.
 */
@NullMarked
package dev.coord.sample;

import org.jspecify.annotations.NullMarked;
