package dev.coord.core.etcd;

import dev.coord.core.CoordListener;

/**
 * Where a {@link TestMember} reports what it lives through: the calls of its engine's listener, and its
 * crash. The tests' {@link Journal} is one; the benchmarks have their own.
 */
interface MemberRecorder {

	/** The listener of the member's engine. */
	CoordListener listenerFor(String member);

	/** The member died without revoking anything: its tasks stay on the books until another member starts them. */
	void crashed(String member);

}
