package dev.coord.autoconfigure;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import dev.coord.core.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EtcdClientConfigurationTests {

	@Test
	void acceptsAllHttpOrAllHttpsEndpoints() {
		assertThat(EtcdClientConfiguration.checkEndpoints(uris("http://a:2379", "http://b:2379"), false)).isFalse();
		assertThat(EtcdClientConfiguration.checkEndpoints(uris("https://a:2379", "HTTPS://b:2379"), true)).isTrue();
	}

	@Test
	void rejectsMixedSchemes() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> EtcdClientConfiguration.checkEndpoints(uris("http://a:2379", "https://b:2379"), false))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("coord.etcd.endpoints"))
			.withMessageContaining("mix http:// and https://");
	}

	@Test
	void rejectsEndpointsWithoutHost() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> EtcdClientConfiguration.checkEndpoints(uris("localhost:2379"), false))
			.withMessageContaining("http:// or https:// URL with a host");
	}

	@Test
	void makesRoomForAPageOfLargestPayloads() {
		assertThat(EtcdClientConfiguration.maxInboundMessageSize(256 * 1024)).isGreaterThan(1000 * 256 * 1024);
		assertThat(EtcdClientConfiguration.maxInboundMessageSize(10)).isEqualTo(16 * 1024 * 1024);
		assertThat(EtcdClientConfiguration.maxInboundMessageSize(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
	}

	private static List<URI> uris(String... uris) {
		return Arrays.stream(uris).map(URI::create).toList();
	}

}
