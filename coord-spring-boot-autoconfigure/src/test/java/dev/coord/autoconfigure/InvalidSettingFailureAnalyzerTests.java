package dev.coord.autoconfigure;

import java.util.Map;

import dev.coord.core.CoordEngine;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin.Location;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidSettingFailureAnalyzerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoordAutoConfiguration.class, SslAutoConfiguration.class))
		.withBean("coordEngine", CoordEngine.class, FakeEngine::new);

	@Test
	void explainsALeaseTtlUnderTwoSeconds() {
		FailureAnalysis analysis = analyze("coord.member.lease-ttl=1s");
		assertThat(analysis.getDescription())
			.isEqualTo("Invalid value '1s' for 'coord.member.lease-ttl': etcd leases are whole seconds, at least 2 s.");
		assertThat(analysis.getAction()).isEqualTo("Set coord.member.lease-ttl to 2s or more, e.g. 10s.");
	}

	@Test
	void explainsARenewDeadlineAndRevokeTimeoutThatDoNotFitInTheTtl() {
		FailureAnalysis analysis = analyze("coord.member.lease-ttl=8s", "coord.member.renew-deadline=6s",
				"coord.member.revoke-timeout=2s");
		assertThat(analysis.getDescription()).startsWith("Invalid value '6s + coord.member.revoke-timeout 2s' for "
				+ "'coord.member.renew-deadline': their sum must be less than coord.member.lease-ttl (8s)");
		assertThat(analysis.getAction()).isEqualTo(
				"Lower coord.member.renew-deadline or coord.member.revoke-timeout, or raise coord.member.lease-ttl.");
	}

	@Test
	void explainsMissingEndpoints() {
		FailureAnalysis analysis = analyze("coord.etcd.endpoints=");
		assertThat(analysis.getDescription())
			.isEqualTo("Invalid value '' for 'coord.etcd.endpoints': at least one etcd endpoint is needed.");
		assertThat(analysis.getAction())
			.isEqualTo("Set coord.etcd.endpoints to etcd's client URLs, e.g. http://localhost:2379.");
	}

	@Test
	void explainsAnEndpointThatIsNotAnHttpUrl() {
		FailureAnalysis analysis = analyze("coord.etcd.endpoints=etcd-0:2379");
		assertThat(analysis.getDescription()).contains("'coord.etcd.endpoints'").contains("http:// or https://");
	}

	@Test
	void explainsABadMemberId() {
		FailureAnalysis analysis = analyze("coord.member.id=node 1/a");
		assertThat(analysis.getDescription())
			.isEqualTo("Invalid value 'node 1/a' for 'coord.member.id': it must match [A-Za-z0-9._-]{1,128}.");
		assertThat(analysis.getAction())
			.isEqualTo("Remove coord.member.id to get a generated id, or set one of that form.");
	}

	@Test
	void explainsAnApplicationNameThatCannotNameTheCluster() {
		FailureAnalysis analysis = analyze("spring.application.name=Order Service");
		assertThat(analysis.getDescription()).contains("'Order Service'").contains("'coord.cluster'");
		assertThat(analysis.getAction()).contains("coord.cluster");
	}

	@Test
	void explainsAUserNameWithoutPassword() {
		FailureAnalysis analysis = analyze("coord.etcd.username=app");
		assertThat(analysis.getDescription()).contains("'coord.etcd.password'")
			.contains("needs both a user name and a password");
	}

	@Test
	void explainsAnSslBundleWithHttpEndpoints() {
		FailureAnalysis analysis = analyze("coord.etcd.ssl.bundle=etcd",
				"spring.ssl.bundle.pem.etcd.truststore.certificate=classpath:test-ca.pem");
		assertThat(analysis.getDescription()).contains("'coord.etcd.endpoints'").contains("http://");
		assertThat(analysis.getAction()).contains("https://");
	}

	@Test
	void explainsAnUnknownSslBundle() {
		FailureAnalysis analysis = analyze("coord.etcd.ssl.bundle=missing", "coord.etcd.endpoints=https://etcd:2379");
		assertThat(analysis.getDescription())
			.isEqualTo("Invalid value 'missing' for 'coord.etcd.ssl.bundle': no SSL bundle has that name.");
		assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.missing");
	}

	@Test
	void explainsANegativeCapacity() {
		FailureAnalysis analysis = analyze("coord.member.capacity=-1");
		assertThat(analysis.getDescription()).contains("'coord.member.capacity'");
	}

	@Test
	void saysWhereTheValueWasSet() {
		Location location = new Location(2, 22);
		OriginTrackedValue value = OriginTrackedValue.of("1s",
				new TextResourceOrigin(new ClassPathResource("application.properties"), location));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new OriginTrackedMapPropertySource("application.properties",
					Map.of("coord.member.lease-ttl", value)));
		Throwable failure = startupFailure("coord.member.lease-ttl=1s");
		FailureAnalysis analysis = new InvalidSettingFailureAnalyzer(environment).analyze(failure);
		assertThat(analysis.getDescription()).contains("Origin: class path resource [application.properties] - 3:23");
	}

	@Test
	void isRegisteredAsAFailureAnalyzer() {
		var analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, ArgumentResolver.of(Environment.class, new StandardEnvironment()),
					FailureHandler.handleMessage((message, failure) -> {
					}));
		assertThat(analyzers).hasAtLeastOneElementOfType(InvalidSettingFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(CoordStartupFailureAnalyzer.class);
	}

	private FailureAnalysis analyze(String... properties) {
		FailureAnalysis analysis = new InvalidSettingFailureAnalyzer(null).analyze(startupFailure(properties));
		assertThat(analysis).as("analysis").isNotNull();
		return analysis;
	}

	private Throwable startupFailure(String... properties) {
		Throwable[] failure = new Throwable[1];
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			failure[0] = context.getStartupFailure();
		});
		return failure[0];
	}

}
