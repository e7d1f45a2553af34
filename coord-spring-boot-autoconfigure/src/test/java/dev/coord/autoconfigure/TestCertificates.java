package dev.coord.autoconfigure;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority, a server certificate for etcd on 127.0.0.1, and a client certificate, made for
 * one test run and written as PEM files: what an operator would give etcd and the application.
 */
final class TestCertificates {

	private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

	private final Path directory;

	private TestCertificates(Path directory) {
		this.directory = directory;
	}

	/** A new CA with a server and a client certificate, and a second CA that trusts nothing of these. */
	static TestCertificates create() {
		try {
			Path directory = Files.createTempDirectory("coord-tls-");
			directory.toFile().deleteOnExit();
			TestCertificates certificates = new TestCertificates(directory);
			Issued ca = certificates.issue("ca", "coord test CA", null, true, null);
			certificates.issue("server", "etcd", ca, false, KeyPurposeId.id_kp_serverAuth);
			certificates.issue("client", "coord-client", ca, false, KeyPurposeId.id_kp_clientAuth);
			certificates.issue("other-ca", "another CA", null, true, null);
			return certificates;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Cannot make test certificates", ex);
		}
	}

	Path caCertificate() {
		return this.directory.resolve("ca.pem");
	}

	Path otherCaCertificate() {
		return this.directory.resolve("other-ca.pem");
	}

	Path serverCertificate() {
		return this.directory.resolve("server.pem");
	}

	Path serverKey() {
		return this.directory.resolve("server-key.pem");
	}

	Path clientCertificate() {
		return this.directory.resolve("client.pem");
	}

	Path clientKey() {
		return this.directory.resolve("client-key.pem");
	}

	private Issued issue(String name, String commonName, Issued issuer, boolean ca, KeyPurposeId purpose)
			throws GeneralSecurityException, OperatorCreationException, IOException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		X500Name subject = new X500Name("CN=" + commonName);
		X500Name issuerName = (issuer != null) ? issuer.name() : subject;
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
				BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
		if (ca) {
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		}
		else {
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
							new GeneralName(GeneralName.dNSName, "localhost") }));
		}
		KeyPair signer = (issuer != null) ? issuer.keys() : keys;
		X509Certificate certificate = new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
		Files.writeString(this.directory.resolve(name + ".pem"), pem(certificate));
		Files.writeString(this.directory.resolve(name + "-key.pem"), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
		return new Issued(subject, keys);
	}

	private static String pem(Object object) throws IOException {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		return text.toString();
	}

	private record Issued(X500Name name, KeyPair keys) {
	}

}
