package dev.coord.benchmarks.churn;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of a string that is the same on every JVM: FNV-1a over the UTF-8 bytes, then Murmur3's
 * 64-bit finalizer to spread the bits.
 */
final class Hashing {

	private Hashing() {
	}

	static long hash(String text) {
		long h = 0xcbf29ce484222325L;
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			h ^= (b & 0xff);
			h *= 0x100000001b3L;
		}
		return mix(h);
	}

	static long mix(long value) {
		long h = value;
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		h ^= h >>> 33;
		return h;
	}

	/** A hash of the pair, for rendezvous hashing. */
	static long hash(String a, String b) {
		return mix(hash(a) * 31 + hash(b));
	}

}
