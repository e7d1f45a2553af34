package dev.coord.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback interface for etcd members.
 * <p>
 * Ports are drawn at random below the kernel's ephemeral range, never from it: a restarted member binds
 * its old ports again, and a port from the ephemeral range may meanwhile have become the local port of
 * some outgoing connection (a client reconnecting, a proxy), which would make that bind fail. Drawing at
 * random, rather than asking the kernel for port 0, also keeps parallel test JVMs apart.
 */
final class LoopbackPorts {

	static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private static final int LOWEST = 10_000;

	private static final int MIN_RANGE = 2_000;

	private static final int ATTEMPTS = 500;

	/** Ports handed out by this JVM: a stopped member's ports stay reserved for its restart. */
	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private LoopbackPorts() {
	}

	/**
	 * A port nobody listens on now, never handed out before by this JVM.
	 */
	static int next() {
		int[] range = candidateRange();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < ATTEMPTS; i++) {
			int port = random.nextInt(range[0], range[1]);
			if (isFree(port) && handedOut.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException(
				"No free loopback port found in [" + range[0] + ", " + range[1] + ") after " + ATTEMPTS + " attempts");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** {@code [from, to)}: below the ephemeral range when there is room, else above it. */
	private static int[] candidateRange() {
		int[] ephemeral = ephemeralRange();
		if (ephemeral[0] - LOWEST >= MIN_RANGE) {
			return new int[] { LOWEST, ephemeral[0] };
		}
		if (65_536 - (ephemeral[1] + 1) >= MIN_RANGE) {
			return new int[] { ephemeral[1] + 1, 65_536 };
		}
		return new int[] { LOWEST, 65_536 };
	}

	/** Linux's range, or the IANA one (macOS, Windows) when it cannot be read. */
	private static int[] ephemeralRange() {
		// a reader, not Files.readString: readAllBytes returns a single byte of this procfs file on JDK 17
		try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
			String[] bounds = String.valueOf(reader.readLine()).trim().split("\\s+");
			return new int[] { Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1]) };
		}
		catch (IOException | RuntimeException ex) {
			return new int[] { 49_152, 65_535 };
		}
	}

}
