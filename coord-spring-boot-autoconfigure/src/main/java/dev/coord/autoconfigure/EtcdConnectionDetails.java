package dev.coord.autoconfigure;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where and how to reach etcd. Auto-configured from {@code coord.etcd.*}; a
 * {@code @ServiceConnection} etcd container, or a bean of this type, replaces the properties.
 */
public interface EtcdConnectionDetails extends ConnectionDetails {

	/**
	 * The client URLs of etcd's members, all {@code http://} or all {@code https://}.
	 * @return at least one URL
	 */
	List<URI> getEndpoints();

	/**
	 * The user for etcd authentication.
	 * @return the user name, or null without authentication
	 */
	default @Nullable String getUsername() {
		return null;
	}

	/**
	 * The password for etcd authentication.
	 * @return the password, or null without authentication
	 */
	default @Nullable String getPassword() {
		return null;
	}

	/**
	 * The SSL bundle for TLS to etcd: trust material to verify etcd, key material for a client
	 * certificate.
	 * @return the bundle, or null to use the JVM's trust store for {@code https://} endpoints
	 */
	default @Nullable SslBundle getSslBundle() {
		return null;
	}

}
