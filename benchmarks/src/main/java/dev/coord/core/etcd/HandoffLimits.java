package dev.coord.core.etcd;

/** What limits the handoff gap, for the report when a goal is missed. */
final class HandoffLimits {

	private HandoffLimits() {
	}

	static String explain(BenchRecorder recorder, FloorBenchmark floor) {
		return "to be analysed";
	}

}
