package dev.coord.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The etcd executable the tests run, and the flags it understands.
 * <p>
 * Found at {@code ETCD_BINARY} or as {@code etcd} on the {@code PATH}. Version-dependent flags are
 * taken from its {@code --help}: etcd 3.4 has no {@code --unsafe-no-fsync} (3.5 added it), and 3.6
 * renamed {@code --experimental-watch-progress-notify-interval} to
 * {@code --watch-progress-notify-interval}.
 *
 * @param path the executable
 * @param version the version it reports, e.g. {@code 3.4.23}
 * @param help the output of {@code etcd --help}
 */
record EtcdBinary(Path path, String version, String help) {

	static final String ENV_VARIABLE = "ETCD_BINARY";

	static final String INSTALL_HINT = """
			Install etcd, then run the tests again:
			  - Debian/Ubuntu: sudo apt-get install -y etcd-server   (installs /usr/bin/etcd)
			  - elsewhere: download a release from https://github.com/etcd-io/etcd/releases, unpack it and \
			set ETCD_BINARY=/path/to/etcd
			./test.sh at the root of the project installs etcd-server by itself when it runs as root on Debian/Ubuntu.""";

	private static final Pattern VERSION = Pattern.compile("etcd Version:\\s*(\\S+)");

	private static final Map<Path, EtcdBinary> probed = new ConcurrentHashMap<>();

	/**
	 * The etcd executable of this machine, or empty when there is none.
	 * @throws IllegalStateException when {@code ETCD_BINARY} is set but names no executable
	 */
	static Optional<EtcdBinary> locate() {
		return find(System.getenv()).map((path) -> probed.computeIfAbsent(path, EtcdBinary::probe));
	}

	/**
	 * Where the executable is, according to the given environment.
	 * @throws IllegalStateException when {@code ETCD_BINARY} is set but names no executable
	 */
	static Optional<Path> find(Map<String, String> env) {
		String configured = env.get(ENV_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
				throw new IllegalStateException(ENV_VARIABLE + "=" + configured
						+ " is not an executable file. Point it at the etcd binary, or unset it to use etcd from the PATH.\n"
						+ INSTALL_HINT);
			}
			return Optional.of(path);
		}
		String searchPath = env.getOrDefault("PATH", "");
		for (String dir : searchPath.split(File.pathSeparator)) {
			if (!dir.isEmpty()) {
				Path candidate = Path.of(dir, "etcd");
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	private static EtcdBinary probe(Path path) {
		String versionOutput = run(path, "--version");
		Matcher matcher = VERSION.matcher(versionOutput);
		if (!matcher.find()) {
			throw new IllegalStateException(path + " --version did not print an etcd version:\n" + versionOutput);
		}
		return new EtcdBinary(path, matcher.group(1), run(path, "--help"));
	}

	private static String run(Path path, String argument) {
		try {
			Process process = new ProcessBuilder(path.toString(), argument).redirectErrorStream(true).start();
			process.getOutputStream().close();
			byte[] output;
			try (InputStream in = process.getInputStream()) {
				output = in.readAllBytes();
			}
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(path + " " + argument + " did not exit within 10 s");
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + path + " " + argument + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + path + " " + argument, ex);
		}
	}

	/**
	 * Whether {@code etcd --help} lists the given flag (as {@code --flag}, at the start of a line).
	 */
	boolean supports(String flag) {
		return Pattern.compile("(?m)^\\s*" + Pattern.quote(flag) + "\\b").matcher(this.help).find();
	}

	/**
	 * The flags that depend on the etcd version: fast, chatty about watch progress, quiet in its log.
	 */
	List<String> tuningFlags() {
		List<String> flags = new ArrayList<>();
		if (supports("--unsafe-no-fsync")) {
			flags.add("--unsafe-no-fsync");
		}
		@Nullable String progressFlag = supports("--watch-progress-notify-interval") ? "--watch-progress-notify-interval"
				: supports("--experimental-watch-progress-notify-interval")
						? "--experimental-watch-progress-notify-interval" : null;
		if (progressFlag != null) {
			flags.add(progressFlag + "=1s");
		}
		if (supports("--logger")) {
			// 3.4 defaults to the deprecated capnslog logger; zap prints one JSON line per entry
			flags.add("--logger=zap");
		}
		if (supports("--log-outputs")) {
			// never journald, even when the tests run under systemd: the log file is where failures are told
			flags.add("--log-outputs=stderr");
		}
		flags.add("--log-level=warn");
		return flags;
	}

	@Override
	public String toString() {
		return "etcd " + this.version + " at " + this.path;
	}

}
