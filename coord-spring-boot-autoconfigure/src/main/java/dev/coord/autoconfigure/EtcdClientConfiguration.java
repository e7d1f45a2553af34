package dev.coord.autoconfigure;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLException;

import dev.coord.core.InvalidSettingException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The jetcd {@link Client}, built from {@link EtcdConnectionDetails}.
 */
@Configuration(proxyBeanMethods = false)
class EtcdClientConfiguration {

	/**
	 * HTTP/2 pings find a dead connection (and make gRPC try another endpoint) long before TCP would;
	 * etcd refuses pings more often than every 5 s ({@code --grpc-keepalive-min-time}).
	 */
	private static final Duration KEEPALIVE_TIME = Duration.ofSeconds(10);

	private static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);

	/** Rows the engine reads per page of a listing; a page must fit in one gRPC message. */
	private static final long ROWS_PER_PAGE = 1000;

	private static final long MIN_INBOUND_MESSAGE_SIZE = 16L * 1024 * 1024;

	@Bean
	@ConditionalOnMissingBean(EtcdConnectionDetails.class)
	PropertiesEtcdConnectionDetails etcdConnectionDetails(CoordProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesEtcdConnectionDetails(properties.getEtcd(), sslBundles.getIfAvailable());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Client etcdClient(EtcdConnectionDetails connectionDetails, CoordProperties properties,
			ObjectProvider<EtcdClientBuilderCustomizer> customizers) {
		ClientBuilder builder = Client.builder();
		List<URI> endpoints = connectionDetails.getEndpoints();
		SslBundle sslBundle = connectionDetails.getSslBundle();
		boolean tls = checkEndpoints(endpoints, sslBundle != null);
		builder.endpoints(endpoints);
		configureAuthentication(builder, connectionDetails.getUsername(), connectionDetails.getPassword());
		if (tls) {
			builder.sslContext(sslContext(sslBundle));
		}
		Duration connectTimeout = properties.getEtcd().getConnectTimeout();
		if (connectTimeout.isNegative() || connectTimeout.isZero()) {
			throw new InvalidSettingException("coord.etcd.connect-timeout", connectTimeout, "it must be positive",
					"Set it to e.g. 5s.");
		}
		builder.connectTimeout(connectTimeout);
		builder.keepaliveTime(KEEPALIVE_TIME);
		builder.keepaliveTimeout(KEEPALIVE_TIMEOUT);
		builder.keepaliveWithoutCalls(true);
		// A call made while etcd is unreachable fails at once instead of queueing with no deadline and
		// being applied many seconds later: the engine retries with backoff and reports the outage.
		builder.waitForReady(false);
		builder.maxInboundMessageSize(maxInboundMessageSize(properties.getTask().getMaxPayload().toBytes()));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/** Checks the endpoints and says whether they use TLS. */
	static boolean checkEndpoints(List<URI> endpoints, boolean sslBundle) {
		if (endpoints.isEmpty()) {
			throw new InvalidSettingException("coord.etcd.endpoints", "", "at least one etcd endpoint is needed",
					"Set coord.etcd.endpoints to etcd's client URLs, e.g. http://localhost:2379.");
		}
		Boolean https = null;
		for (URI endpoint : endpoints) {
			String scheme = (endpoint.getScheme() != null) ? endpoint.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!scheme.equals("http") && !scheme.equals("https") || !StringUtils.hasText(endpoint.getHost())) {
				throw new InvalidSettingException("coord.etcd.endpoints", endpoint,
						"an endpoint must be an http:// or https:// URL with a host",
						"Set coord.etcd.endpoints to etcd's client URLs, e.g. http://etcd-0:2379,http://etcd-1:2379.");
			}
			boolean secure = scheme.equals("https");
			if (https != null && https != secure) {
				throw new InvalidSettingException("coord.etcd.endpoints", endpoints,
						"the endpoints mix http:// and https://",
						"Use https:// for every endpoint (TLS) or http:// for every endpoint.");
			}
			https = secure;
		}
		if (sslBundle && !https) {
			throw new InvalidSettingException("coord.etcd.endpoints", endpoints,
					"coord.etcd.ssl.bundle is set, so etcd is reached over TLS, but the endpoints are http://",
					"Change the endpoints to https:// URLs, or remove coord.etcd.ssl.bundle.");
		}
		return https;
	}

	private static void configureAuthentication(ClientBuilder builder, @Nullable String username,
			@Nullable String password) {
		boolean hasUser = StringUtils.hasLength(username);
		boolean hasPassword = StringUtils.hasLength(password);
		if (hasUser != hasPassword) {
			String missing = hasUser ? "coord.etcd.password" : "coord.etcd.username";
			throw new InvalidSettingException(missing, "", "etcd authentication needs both a user name and a password",
					"Set both coord.etcd.username and coord.etcd.password, or neither.");
		}
		if (hasUser) {
			builder.user(ByteSequence.from(username, StandardCharsets.UTF_8));
			builder.password(ByteSequence.from(password, StandardCharsets.UTF_8));
		}
	}

	private static SslContext sslContext(@Nullable SslBundle bundle) {
		try {
			SslContextBuilder builder = GrpcSslContexts.forClient();
			if (bundle != null) {
				builder.keyManager(bundle.getManagers().getKeyManagerFactory());
				builder.trustManager(bundle.getManagers().getTrustManagerFactory());
				SslOptions options = bundle.getOptions();
				if (options.getCiphers() != null) {
					builder.ciphers(List.of(options.getCiphers()));
				}
				if (options.getEnabledProtocols() != null) {
					builder.protocols(options.getEnabledProtocols());
				}
			}
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot set up TLS to etcd from coord.etcd.ssl.bundle: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * The engine reads listings in pages of {@value #ROWS_PER_PAGE} rows, and a page of task definitions at
	 * {@code coord.task.max-payload} each must fit in one response.
	 */
	static int maxInboundMessageSize(long maxPayload) {
		long size = Math.max(MIN_INBOUND_MESSAGE_SIZE, ROWS_PER_PAGE * (maxPayload + 1024));
		return (int) Math.min(Integer.MAX_VALUE, size);
	}

}
