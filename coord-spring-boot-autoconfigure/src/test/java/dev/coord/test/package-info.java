/**
 * The shared test kit: a real etcd for integration tests ({@link dev.coord.test.EtcdExtension}) and a
 * TCP proxy that cuts a member off from it ({@link dev.coord.test.TcpProxy}).
 */
@NullMarked
package dev.coord.test;

import org.jspecify.annotations.NullMarked;
