package dev.coord.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import dev.coord.core.InvalidSettingException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * {@link EtcdConnectionDetails} from {@code coord.etcd.*}.
 */
final class PropertiesEtcdConnectionDetails implements EtcdConnectionDetails {

	private final CoordProperties.Etcd properties;

	private final @Nullable SslBundles sslBundles;

	PropertiesEtcdConnectionDetails(CoordProperties.Etcd properties, @Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.sslBundles = sslBundles;
	}

	@Override
	public List<URI> getEndpoints() {
		List<URI> endpoints = new ArrayList<>();
		for (String endpoint : this.properties.getEndpoints()) {
			endpoints.add(parse(endpoint.trim()));
		}
		return endpoints;
	}

	private static URI parse(String endpoint) {
		try {
			return new URI(endpoint);
		}
		catch (URISyntaxException ex) {
			throw new InvalidSettingException("coord.etcd.endpoints", endpoint, "it is not a URL: " + ex.getReason(),
					"Set coord.etcd.endpoints to etcd's client URLs, e.g. http://etcd-0:2379,http://etcd-1:2379.");
		}
	}

	@Override
	public @Nullable String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return this.properties.getPassword();
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		String name = this.properties.getSsl().getBundle();
		if (name == null || name.isBlank()) {
			return null;
		}
		if (this.sslBundles == null) {
			throw new InvalidSettingException("coord.etcd.ssl.bundle", name, "there are no SSL bundles in the context",
					"Define the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name + ".");
		}
		try {
			return this.sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidSettingException("coord.etcd.ssl.bundle", name, "no SSL bundle has that name",
					"Define the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ ", or correct coord.etcd.ssl.bundle.");
		}
	}

	@Override
	public String toString() {
		return "PropertiesEtcdConnectionDetails[endpoints=" + this.properties.getEndpoints() + ", username="
				+ this.properties.getUsername() + ", password="
				+ ((this.properties.getPassword() != null) ? "******" : null) + ", ssl.bundle="
				+ this.properties.getSsl().getBundle() + "]";
	}

}
