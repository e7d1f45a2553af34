package dev.coord.benchmarks.etcd;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's live threads, summed by kind (engine loop, listener, lease, jetcd event loop...),
 * in milliseconds. Threads that end between two readings are not counted.
 */
public final class ThreadCpu {

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private ThreadCpu() {
	}

	public static Map<String, Long> byKind() {
		Map<String, Long> byKind = new TreeMap<>();
		long[] ids = threads.getAllThreadIds();
		ThreadInfo[] infos = threads.getThreadInfo(ids);
		for (int i = 0; i < ids.length; i++) {
			long nanos = threads.getThreadCpuTime(ids[i]);
			if (infos[i] != null && nanos > 0) {
				byKind.merge(kind(infos[i].getThreadName()), nanos / 1_000_000, Long::sum);
			}
		}
		return byKind;
	}

	/** What grew from {@code before} to {@code after}, by kind. */
	public static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> grown = new TreeMap<>();
		after.forEach((kind, millis) -> grown.put(kind, millis - before.getOrDefault(kind, 0L)));
		return grown;
	}

	static String kind(String name) {
		if (name.startsWith("coord-loop")) {
			return "engine loops (view, reconcile, claims, releases, leader)";
		}
		if (name.startsWith("coord-events")) {
			return "listener threads";
		}
		if (name.startsWith("coord-")) {
			return "engine lease, membership and leadership threads";
		}
		if (name.startsWith("vert.x")) {
			return "jetcd (Vert.x event loops: gRPC I/O, protobuf)";
		}
		if (name.contains("grpc") || name.contains("netty") || name.startsWith("jetcd")) {
			return "jetcd pools";
		}
		return "other (benchmark harness, JVM)";
	}

}
