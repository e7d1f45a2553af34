package dev.coord.benchmarks.etcd;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far: by this JVM, by another process (from {@code /proc/<pid>/stat}), and by the whole
 * machine (from {@code /proc/stat}), in milliseconds. Differences of two readings tell who used the cores.
 */
public final class CpuClock {

	/** Linux's USER_HZ: {@code /proc} counts CPU time in ticks of 10 ms. */
	private static final long TICK_MS = 10;

	private static final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private CpuClock() {
	}

	/** CPU time of this JVM, all threads. */
	public static long thisProcessMillis() {
		return os.getProcessCpuTime() / 1_000_000;
	}

	/** CPU time (user + system) of another process, or -1 when it cannot be read. */
	public static long processMillis(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			// fields after the command (which may hold spaces) start after the last ')'
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MS;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** Busy CPU time of the whole machine (all cores: user, nice, system, irq, softirq; not idle, iowait or steal), or -1. */
	public static long machineBusyMillis() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			for (int i = 1; i < fields.length && i <= 7; i++) {
				if (i != 4 && i != 5) {
					busy += Long.parseLong(fields[i]);
				}
			}
			return busy * TICK_MS;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
