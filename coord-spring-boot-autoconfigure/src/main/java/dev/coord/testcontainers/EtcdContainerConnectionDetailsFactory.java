package dev.coord.testcontainers;

import java.net.URI;
import java.util.List;

import dev.coord.autoconfigure.EtcdConnectionDetails;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.Container;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * {@link EtcdConnectionDetails} from a {@code @ServiceConnection} container running one of etcd's images
 * ({@code quay.io/coreos/etcd}, {@code gcr.io/etcd-development/etcd}, {@code bitnami/etcd}), or any
 * container annotated {@code @ServiceConnection(name = "etcd")}. The container must listen for clients on
 * port 2379; with an {@code @Ssl}/{@code @PemKeyStore} annotation coord connects over TLS.
 */
class EtcdContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, EtcdConnectionDetails> {

	private static final List<String> ETCD_IMAGE_NAMES = List.of("etcd", "coreos/etcd", "etcd-development/etcd",
			"bitnami/etcd");

	static final int ETCD_CLIENT_PORT = 2379;

	EtcdContainerConnectionDetailsFactory() {
		super(ETCD_IMAGE_NAMES, "io.etcd.jetcd.Client");
	}

	@Override
	protected EtcdConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new EtcdContainerConnectionDetails(source);
	}

	/**
	 * {@link EtcdConnectionDetails} backed by a {@link ContainerConnectionSource}.
	 */
	static final class EtcdContainerConnectionDetails extends ContainerConnectionDetails<Container<?>>
			implements EtcdConnectionDetails {

		private EtcdContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
			super(source);
		}

		@Override
		public List<URI> getEndpoints() {
			String scheme = (getSslBundle() != null) ? "https" : "http";
			return List.of(URI.create(scheme + "://" + getContainer().getHost() + ":"
					+ getContainer().getMappedPort(ETCD_CLIENT_PORT)));
		}

		@Override
		public @Nullable SslBundle getSslBundle() {
			return super.getSslBundle();
		}

	}

}
