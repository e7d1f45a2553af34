package dev.coord.autoconfigure;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import io.etcd.jetcd.Client;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class EtcdProbeTests {

	private final EtcdProbe probe = new EtcdProbe(mock(Client.class), "/coord/orders/",
			List.of(URI.create("https://etcd-0:2379")), Duration.ofSeconds(1));

	@Test
	void explainsRejectedCredentials() {
		Throwable failure = Status.UNAUTHENTICATED
			.withCause(Status.INVALID_ARGUMENT
				.withDescription("etcdserver: authentication failed, invalid user ID or password")
				.asRuntimeException())
			.asRuntimeException();
		EtcdProblem problem = this.probe.describe(failure);
		assertThat(problem.description()).isEqualTo("etcd rejected the user name or password: "
				+ "INVALID_ARGUMENT: etcdserver: authentication failed, invalid user ID or password");
		assertThat(problem.action()).contains("coord.etcd.username").contains("coord.etcd.password");
	}

	@Test
	void explainsMissingPermissions() {
		Throwable failure = Status.PERMISSION_DENIED.withDescription("etcdserver: permission denied")
			.asRuntimeException();
		EtcdProblem problem = this.probe.describe(failure);
		assertThat(problem.description()).startsWith("the etcd user may not use the cluster's keys under '/coord/orders/'");
		assertThat(problem.action()).contains("--prefix=true readwrite /coord/orders/");
	}

	@Test
	void explainsAFailedTlsHandshake() {
		Throwable failure = Status.UNAVAILABLE.withCause(new SSLHandshakeException("PKIX path building failed"))
			.asRuntimeException();
		EtcdProblem problem = this.probe.describe(failure);
		assertThat(problem.description())
			.isEqualTo("the TLS handshake with etcd at [https://etcd-0:2379] failed: PKIX path building failed");
		assertThat(problem.action()).contains("coord.etcd.ssl.bundle");
	}

	@Test
	void explainsAnUnreachableEtcd() {
		Throwable failure = Status.UNAVAILABLE.withDescription("io exception")
			.withCause(new ConnectException("Connection refused: etcd-0/10.0.0.1:2379"))
			.asRuntimeException();
		EtcdProblem problem = this.probe.describe(failure);
		assertThat(problem.description())
			.isEqualTo("etcd is unreachable at [https://etcd-0:2379]: Connection refused: etcd-0/10.0.0.1:2379");
		assertThat(problem.action()).contains("coord.etcd.endpoints").contains("coord.fail-fast=false");
	}

}
