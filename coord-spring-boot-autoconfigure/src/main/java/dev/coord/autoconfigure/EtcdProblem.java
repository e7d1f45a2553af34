package dev.coord.autoconfigure;

/**
 * Why etcd cannot be used, in a user's words, and what to do about it.
 *
 * @param description what is wrong
 * @param action what to set or check
 */
record EtcdProblem(String description, String action) {

}
