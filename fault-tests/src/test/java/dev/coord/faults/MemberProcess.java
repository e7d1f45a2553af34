package dev.coord.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.coord.test.TcpProxy;

/**
 * One incarnation of a member: the sample's runnable jar as a process of its own, writing its ownership
 * journal, and talking to each etcd node through a {@link TcpProxy} of its own, so that the harness can cut
 * it off from etcd while it keeps running. Every process still running when the test JVM exits is killed.
 */
final class MemberProcess {

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly), "fault-members-cleanup"));
	}

	private final String proc;

	private final String member;

	private final Path journal;

	private final Path log;

	private final List<TcpProxy> proxies;

	private final Process process;

	private volatile boolean paused;

	private volatile boolean cut;

	private MemberProcess(String proc, String member, Path journal, Path log, List<TcpProxy> proxies, Process process) {
		this.proc = proc;
		this.member = member;
		this.journal = journal;
		this.log = log;
		this.proxies = proxies;
		this.process = process;
	}

	/**
	 * Starts an incarnation.
	 * @param directory where its journal and log go
	 * @param proc the incarnation's name, which names its journal ({@code <proc>.journal}) and log
	 * @param member its coord member id
	 * @param etcdEndpoints the etcd nodes, each reached through a proxy of this incarnation's own
	 * @param arguments more {@code --name=value} arguments for the application
	 */
	static MemberProcess start(Path jar, Path directory, String proc, String member, List<String> etcdEndpoints,
			List<String> arguments) {
		List<TcpProxy> proxies = etcdEndpoints.stream().map(TcpProxy::to).toList();
		Path journal = directory.resolve(proc + ".journal");
		Path log = directory.resolve(proc + ".log");
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				"-Xmx256m", "-Xss512k", "-jar", jar.toString(), "--server.address=127.0.0.1", "--server.port=0",
				"--spring.main.banner-mode=off", "--coord.member.id=" + member,
				"--coord.etcd.endpoints=" + String.join(",", proxies.stream().map(TcpProxy::endpoint).toList()),
				"--sample.journal.path=" + journal));
		command.addAll(arguments);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			process.getOutputStream().close();
			running.add(process);
			return new MemberProcess(proc, member, journal, log, proxies, process);
		}
		catch (IOException ex) {
			proxies.forEach(TcpProxy::close);
			throw new UncheckedIOException("Could not start " + command, ex);
		}
	}

	String proc() {
		return this.proc;
	}

	String member() {
		return this.member;
	}

	Path journal() {
		return this.journal;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	boolean isPaused() {
		return this.paused;
	}

	boolean isCut() {
		return this.cut;
	}

	/** Sends SIGKILL; {@link #awaitExit} waits for it to be gone. */
	void kill() {
		this.process.destroyForcibly();
	}

	/** Sends SIGTERM, as a platform's graceful stop does. */
	void terminate() {
		this.process.destroy();
	}

	/**
	 * Waits until the process has exited, and closes its proxies.
	 * @return its exit code
	 */
	int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(this + " did not exit within " + timeout + ":\n" + logTail(30));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		running.remove(this.process);
		this.proxies.forEach(TcpProxy::close);
		return this.process.exitValue();
	}

	/** SIGSTOP: a stop-the-world pause that nothing inside the process notices until it ends. */
	void pause() {
		signal("STOP");
		this.paused = true;
	}

	/** SIGCONT. */
	void resume() {
		signal("CONT");
		this.paused = false;
	}

	/** Cuts every connection to etcd and blackholes new ones, while the process runs on. */
	void cutOff() {
		this.proxies.forEach(TcpProxy::cut);
		this.cut = true;
	}

	void heal() {
		this.proxies.forEach(TcpProxy::heal);
		this.cut = false;
	}

	/** Kills it if still running, whatever its state (a stopped process dies of SIGKILL too). */
	void destroy() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		running.remove(this.process);
		this.proxies.forEach(TcpProxy::close);
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid()))
				.redirectErrorStream(true)
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed: "
						+ new String(kill.getInputStream().readAllBytes()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The last lines of its log, to tell why something went wrong. */
	String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	@Override
	public String toString() {
		return this.proc + " (member " + this.member + ", pid " + this.process.pid() + ")";
	}

}
