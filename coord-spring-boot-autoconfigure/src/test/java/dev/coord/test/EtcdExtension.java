package dev.coord.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.options.CompactOption;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd for integration tests: one member or a cluster, run from the etcd binary of the machine.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final EtcdExtension etcd = EtcdExtension.singleNode();   // one etcd for all tests of the class
 *
 * &#64;RegisterExtension
 * final EtcdExtension etcd = EtcdExtension.cluster(3);           // a new cluster for each test
 * </pre>
 *
 * The binary is {@code ETCD_BINARY}, else {@code etcd} on the {@code PATH}. Without one, a single member
 * runs in a Docker container through Testcontainers if a Docker daemon is reachable; member operations
 * then throw {@link UnsupportedOperationException}. Without either, the test fails and says how to install
 * etcd.
 * <p>
 * Members listen on free loopback ports and keep them, with their data directory, across restarts. Clients
 * and proxies made by the extension are closed after the test that made them (after the class when made
 * in {@code @BeforeAll}), then the members are killed and their data deleted. A static extension starts
 * again, before each test, the members that an earlier test left stopped.
 */
public final class EtcdExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

	private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private static final AtomicBoolean announced = new AtomicBoolean();

	private final int size;

	private final List<String> flags;

	private final Duration startTimeout;

	private final @Nullable ClientTls tls;

	private @Nullable EtcdCluster cluster;

	private @Nullable Client adminClient;

	private boolean classScoped;

	private boolean inTest;

	private final Deque<AutoCloseable> classResources = new ArrayDeque<>();

	private final Deque<AutoCloseable> testResources = new ArrayDeque<>();

	private EtcdExtension(int size, List<String> flags, Duration startTimeout, @Nullable ClientTls tls) {
		this.size = size;
		this.flags = List.copyOf(flags);
		this.startTimeout = startTimeout;
		this.tls = tls;
	}

	/**
	 * One etcd member.
	 */
	public static EtcdExtension singleNode() {
		return new EtcdExtension(1, List.of(), DEFAULT_START_TIMEOUT, null);
	}

	/**
	 * A cluster of {@code size} members on loopback, all started at once.
	 */
	public static EtcdExtension cluster(int size) {
		if (size < 1) {
			throw new IllegalArgumentException("A cluster has at least one member, not " + size);
		}
		return new EtcdExtension(size, List.of(), DEFAULT_START_TIMEOUT, null);
	}

	/**
	 * A copy that passes extra flags to every member, e.g. {@code "--max-txn-ops=256"}. A flag given twice
	 * takes its last value, so these override the kit's own.
	 */
	public EtcdExtension withFlags(String... extraFlags) {
		List<String> all = new ArrayList<>(this.flags);
		all.addAll(Arrays.asList(extraFlags));
		return new EtcdExtension(this.size, all, this.startTimeout, this.tls);
	}

	/**
	 * A copy that waits at most {@code timeout} (default 30 s) for the members to become healthy.
	 */
	public EtcdExtension withStartTimeout(Duration timeout) {
		return new EtcdExtension(this.size, this.flags, timeout, this.tls);
	}

	/**
	 * A copy whose members serve clients over TLS only and require a client certificate signed by
	 * {@code trustedCaFile} ({@code --cert-file --key-file --client-cert-auth --trusted-ca-file}); the
	 * endpoints become {@code https://}. The extension's own clients ({@link #newClient()},
	 * {@link #revision()}) do not speak TLS. Local etcd binary only.
	 */
	public EtcdExtension withClientTls(Path certFile, Path keyFile, Path trustedCaFile) {
		return new EtcdExtension(this.size, this.flags, this.startTimeout,
				new ClientTls(certFile, keyFile, trustedCaFile));
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		synchronized (this) {
			this.classScoped = true;
		}
		start();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		EtcdCluster current;
		synchronized (this) {
			current = this.cluster;
		}
		if (current == null) {
			start();
		}
		else {
			current.startStopped();
		}
		synchronized (this) {
			this.inTest = true;
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		boolean shutdown;
		synchronized (this) {
			this.inTest = false;
			shutdown = !this.classScoped;
		}
		RuntimeException failure = closeAll(this.testResources, null);
		if (shutdown) {
			failure = shutdown(failure);
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		RuntimeException failure = shutdown(null);
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * The client URLs of all members, {@code http://127.0.0.1:<port>}, whether they run or not (they do
	 * not change across restarts).
	 */
	public List<String> endpoints() {
		return requireCluster().nodes().stream().map(EtcdNode::endpoint).toList();
	}

	/**
	 * A member, by index from 0.
	 */
	public EtcdNode node(int index) {
		return requireCluster().nodes().get(index);
	}

	/**
	 * All members.
	 */
	public List<EtcdNode> nodes() {
		return List.copyOf(requireCluster().nodes());
	}

	/**
	 * A new client on all members, closed by the extension after the test.
	 */
	public Client newClient() {
		return newClient(endpoints());
	}

	/**
	 * A new client on the given endpoints (members or {@link TcpProxy proxies}), closed by the extension
	 * after the test.
	 */
	public Client newClient(List<String> endpoints) {
		return newClient(endpoints, (builder) -> {
		});
	}

	/**
	 * A new client on the given endpoints with options of its own (e.g. {@code waitForReady(false)}),
	 * closed by the extension after the test.
	 */
	public Client newClient(List<String> endpoints, Consumer<ClientBuilder> customizer) {
		ClientBuilder builder = Client.builder().endpoints(endpoints.toArray(String[]::new));
		customizer.accept(builder);
		Client client = builder.build();
		register(client);
		return client;
	}

	/**
	 * A {@link TcpProxy} to a member, closed by the extension after the test.
	 */
	public TcpProxy proxyTo(EtcdNode node) {
		TcpProxy proxy = TcpProxy.to(node.endpoint());
		register(proxy);
		return proxy;
	}

	/**
	 * The cluster's current revision.
	 */
	public long revision() {
		return call(adminClient().getKVClient().get(ByteSequence.from(new byte[] { 0 })), "read the revision")
			.getHeader()
			.getRevision();
	}

	/**
	 * Compacts the key-value history at the current revision and waits until the compaction is physically
	 * done: a watch or a read at an older revision then fails.
	 * @return the revision compacted at
	 */
	public long compact() {
		long revision = revision();
		CompletableFuture<?> compaction = adminClient().getKVClient()
			.compact(revision, CompactOption.builder().withCompactPhysical(true).build());
		try {
			call(compaction, "compact at revision " + revision);
		}
		catch (IllegalStateException ex) {
			// nothing was written since the last compaction: already compacted at this revision
			if (!String.valueOf(ex.getCause()).contains("required revision has been compacted")) {
				throw ex;
			}
		}
		return revision;
	}

	/**
	 * Stops every member at once (SIGTERM) and waits until they have exited: an outage of the whole cluster.
	 */
	public void stopAll() {
		requireCluster().stopAll();
	}

	/**
	 * Stops the members that run, starts all of them on their data and ports, and waits until all are
	 * healthy.
	 */
	public void restartAll() {
		requireCluster().restartAll();
	}

	private void start() {
		EtcdCluster started = launch();
		synchronized (this) {
			this.cluster = started;
		}
		if (announced.compareAndSet(false, true)) {
			System.getLogger(EtcdExtension.class.getName()).log(System.Logger.Level.INFO, "Integration tests use " + started);
		}
	}

	private EtcdCluster launch() {
		Optional<EtcdBinary> binary = EtcdBinary.locate();
		if (binary.isPresent()) {
			return LocalEtcdCluster.start(binary.get(), this.size, this.flags, this.startTimeout, this.tls);
		}
		if (this.tls != null) {
			throw new IllegalStateException("etcd with TLS needs the etcd binary.\n" + EtcdBinary.INSTALL_HINT);
		}
		if (isTestcontainersPresent() && ContainerEtcdCluster.isDockerAvailable()) {
			if (this.size > 1) {
				throw new IllegalStateException("A " + this.size + "-member etcd cluster needs the etcd binary: "
						+ "the Docker fallback runs a single member.\n" + EtcdBinary.INSTALL_HINT);
			}
			return new ContainerEtcdCluster(this.flags, this.startTimeout);
		}
		throw new IllegalStateException("No etcd for the integration tests: no etcd on the PATH, "
				+ EtcdBinary.ENV_VARIABLE + " is not set, and no Docker daemon is reachable for the Testcontainers fallback.\n"
				+ EtcdBinary.INSTALL_HINT);
	}

	private static boolean isTestcontainersPresent() {
		try {
			Class.forName("org.testcontainers.DockerClientFactory", false, EtcdExtension.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	private synchronized EtcdCluster requireCluster() {
		if (this.cluster == null) {
			throw new IllegalStateException("etcd is not running: register the extension with @RegisterExtension "
					+ "(static: started before all tests; instance field: before each test) and use it inside tests "
					+ "or lifecycle methods");
		}
		return this.cluster;
	}

	private synchronized Client adminClient() {
		if (this.adminClient == null) {
			this.adminClient = Client.builder().endpoints(endpoints().toArray(String[]::new)).build();
		}
		return this.adminClient;
	}

	private synchronized void register(AutoCloseable resource) {
		requireCluster();
		(this.inTest || !this.classScoped ? this.testResources : this.classResources).push(resource);
	}

	private @Nullable RuntimeException shutdown(@Nullable RuntimeException earlier) {
		EtcdCluster stopping;
		Client admin;
		synchronized (this) {
			stopping = this.cluster;
			admin = this.adminClient;
			this.cluster = null;
			this.adminClient = null;
		}
		RuntimeException failure = closeAll(this.testResources, earlier);
		failure = closeAll(this.classResources, failure);
		if (admin != null) {
			failure = closeQuietly(admin, failure);
		}
		if (stopping != null) {
			failure = closeQuietly(stopping, failure);
		}
		return failure;
	}

	private @Nullable RuntimeException closeAll(Deque<AutoCloseable> resources, @Nullable RuntimeException earlier) {
		RuntimeException failure = earlier;
		while (true) {
			AutoCloseable resource;
			synchronized (this) {
				resource = resources.poll();
			}
			if (resource == null) {
				return failure;
			}
			failure = closeQuietly(resource, failure);
		}
	}

	private static @Nullable RuntimeException closeQuietly(AutoCloseable resource, @Nullable RuntimeException earlier) {
		try {
			resource.close();
			return earlier;
		}
		catch (Exception ex) {
			RuntimeException failure = (earlier != null) ? earlier
					: new IllegalStateException("Cannot release the etcd test resources");
			failure.addSuppressed(ex);
			return failure;
		}
	}

	private static <T> T call(CompletableFuture<T> future, String what) {
		try {
			return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw new IllegalStateException("Interrupted while waiting for etcd to " + what, ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("etcd failed to " + what + ": " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new IllegalStateException("etcd did not " + what + " within " + CALL_TIMEOUT.toSeconds() + " s", ex);
		}
	}

	@Override
	public String toString() {
		EtcdCluster current;
		synchronized (this) {
			current = this.cluster;
		}
		return "EtcdExtension(" + ((current != null) ? current : this.size + " member(s), not started") + ")";
	}

	/** The certificates of members that serve clients over TLS with client certificates. */
	record ClientTls(Path certFile, Path keyFile, Path trustedCaFile) {

		List<String> flags() {
			return List.of("--cert-file=" + this.certFile, "--key-file=" + this.keyFile, "--client-cert-auth",
					"--trusted-ca-file=" + this.trustedCaFile);
		}

	}

}
