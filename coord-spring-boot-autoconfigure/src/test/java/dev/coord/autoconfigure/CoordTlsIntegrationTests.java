package dev.coord.autoconfigure;

import java.nio.file.Path;

import dev.coord.health.CoordHealthIndicator;
import dev.coord.test.EtcdExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.coord.autoconfigure.StarterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * etcd that serves clients over TLS only and requires client certificates
 * ({@code --client-cert-auth}); coord reaches it through a Spring Boot SSL bundle.
 */
class CoordTlsIntegrationTests {

	static final TestCertificates certificates = TestCertificates.create();

	@RegisterExtension
	static final EtcdExtension etcd = EtcdExtension.singleNode()
		.withClientTls(certificates.serverCertificate(), certificates.serverKey(), certificates.caCertificate());

	private StarterFixture fixture;

	@BeforeEach
	void setUp() {
		this.fixture = new StarterFixture(etcd);
	}

	@AfterEach
	void tearDown() {
		this.fixture.close();
		this.fixture.journal().assertExclusiveAndOrdered();
	}

	@Test
	void joinsOverTlsWithAClientCertificateFromAnSslBundle() {
		assertThat(etcd.endpoints()).allMatch((endpoint) -> endpoint.startsWith("https://"));
		ConfigurableApplicationContext a = this.fixture.start("a", "coord.fail-fast=true", "coord.etcd.ssl.bundle=etcd",
				"spring.ssl.bundle.pem.etcd.keystore.certificate=" + url(certificates.clientCertificate()),
				"spring.ssl.bundle.pem.etcd.keystore.private-key=" + url(certificates.clientKey()),
				"spring.ssl.bundle.pem.etcd.truststore.certificate=" + url(certificates.caCertificate()));
		this.fixture.putTasks(a, 2);
		await().untilAsserted(() -> {
			assertThat(this.fixture.journal().activeOn("a")).containsExactly("task-0", "task-1");
			assertThat(a.getBean(CoordHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void failsWithAClearMessageWithoutAClientCertificate() {
		assertThatException()
			.isThrownBy(() -> this.fixture.start("a", "coord.fail-fast=true", "coord.etcd.ssl.bundle=etcd",
					"spring.ssl.bundle.pem.etcd.truststore.certificate=" + url(certificates.caCertificate())))
			.satisfies((ex) -> {
				FailureAnalysis analysis = new CoordStartupFailureAnalyzer().analyze(ex);
				assertThat(analysis.getDescription()).contains("the TLS handshake with etcd at [https://127.0.0.1:");
				assertThat(analysis.getAction()).contains("coord.etcd.ssl.bundle");
			});
	}

	@Test
	void failsWithAClearMessageWhenEtcdsCertificateIsNotTrusted() {
		assertThatException()
			.isThrownBy(() -> this.fixture.start("a", "coord.fail-fast=true", "coord.etcd.ssl.bundle=etcd",
					"spring.ssl.bundle.pem.etcd.keystore.certificate=" + url(certificates.clientCertificate()),
					"spring.ssl.bundle.pem.etcd.keystore.private-key=" + url(certificates.clientKey()),
					"spring.ssl.bundle.pem.etcd.truststore.certificate=" + url(certificates.otherCaCertificate())))
			.satisfies((ex) -> assertThat(new CoordStartupFailureAnalyzer().analyze(ex).getDescription())
				.contains("the TLS handshake with etcd at [https://127.0.0.1:"));
	}

	private static String url(Path path) {
		return path.toUri().toString();
	}

}
