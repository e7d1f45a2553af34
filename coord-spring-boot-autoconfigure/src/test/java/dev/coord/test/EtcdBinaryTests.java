package dev.coord.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How {@link EtcdBinary} finds etcd and picks the flags of its version.
 */
class EtcdBinaryTests {

	private static final String HELP_3_4 = """
			  --heartbeat-interval '100'
			  --logger 'capnslog'
			  --log-outputs 'default'
			  --experimental-watch-progress-notify-interval '10m'
			""";

	private static final String HELP_3_6 = """
			  --unsafe-no-fsync 'false'
			  --watch-progress-notify-interval '10m'
			  --experimental-watch-progress-notify-interval '10m'
			  --logger 'zap'
			""";

	@TempDir
	Path dir;

	@Test
	void findsTheBinaryNamedByEtcdBinary() throws IOException {
		Path etcd = executable(this.dir.resolve("my-etcd"));
		assertThat(EtcdBinary.find(Map.of("ETCD_BINARY", etcd.toString(), "PATH", ""))).contains(etcd);
	}

	@Test
	void failsWhenEtcdBinaryNamesNoExecutable() {
		Path missing = this.dir.resolve("missing");
		assertThatIllegalStateException().isThrownBy(() -> EtcdBinary.find(Map.of("ETCD_BINARY", missing.toString())))
			.withMessageContaining("ETCD_BINARY=" + missing)
			.withMessageContaining("apt-get install -y etcd-server")
			.withMessageContaining("https://github.com/etcd-io/etcd/releases");
	}

	@Test
	void findsEtcdOnThePath() throws IOException {
		Path first = Files.createDirectory(this.dir.resolve("first"));
		Path second = Files.createDirectory(this.dir.resolve("second"));
		Path etcd = executable(second.resolve("etcd"));
		assertThat(EtcdBinary.find(Map.of("PATH", first + ":" + second))).contains(etcd);
	}

	@Test
	void findsNothingWithoutEitherOne() {
		assertThat(EtcdBinary.find(Map.of("PATH", this.dir.toString()))).isEmpty();
	}

	@Test
	void etcd34HasNeitherNoFsyncNorTheNewProgressNotifyFlag() {
		EtcdBinary binary = new EtcdBinary(Path.of("etcd"), "3.4.23", HELP_3_4);
		assertThat(binary.tuningFlags()).containsExactly("--experimental-watch-progress-notify-interval=1s",
				"--logger=zap", "--log-outputs=stderr", "--log-level=warn");
	}

	@Test
	void etcd36SkipsFsyncAndUsesTheNewProgressNotifyFlag() {
		EtcdBinary binary = new EtcdBinary(Path.of("etcd"), "3.6.5", HELP_3_6);
		assertThat(binary.tuningFlags()).containsExactly("--unsafe-no-fsync", "--watch-progress-notify-interval=1s",
				"--logger=zap", "--log-level=warn");
	}

	private static Path executable(Path path) throws IOException {
		Files.writeString(path, "#!/bin/sh\n");
		Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
		return path;
	}

}
