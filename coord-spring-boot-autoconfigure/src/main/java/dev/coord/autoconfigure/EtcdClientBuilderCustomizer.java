package dev.coord.autoconfigure;

import io.etcd.jetcd.ClientBuilder;

/**
 * Adjusts the jetcd {@link ClientBuilder} of the auto-configured {@code Client} after coord has set the
 * endpoints, credentials, TLS and timeouts.
 */
@FunctionalInterface
public interface EtcdClientBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder to adjust
	 */
	void customize(ClientBuilder builder);

}
