package dev.coord.core.etcd;

import java.lang.reflect.Proxy;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@link Reconnector} reaches into jetcd's private parts: this fails when a jetcd upgrade moves them.
 * What a reconnect achieves is in {@link EtcdReconnectIntegrationTests}.
 */
class ReconnectorTests {

	@Test
	void reachesTheChannelOfAClientFromJetcdsBuilder() {
		try (Client client = Client.builder().endpoints("http://127.0.0.1:9").build()) {
			Reconnector reconnector = Reconnector.of(client);

			assertThat(reconnector.canReconnect()).isTrue();
			assertThatNoException().isThrownBy(reconnector::reconnectNow);
		}
	}

	@Test
	void leavesAClientItCannotReachToGrpcsOwnReconnects() {
		Client wrapped = (Client) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Client.class },
				(proxy, method, args) -> {
					throw new UnsupportedOperationException(method.getName());
				});

		Reconnector reconnector = Reconnector.of(wrapped);

		assertThat(reconnector.canReconnect()).isFalse();
		assertThatNoException().isThrownBy(reconnector::reconnectNow);
	}

}
