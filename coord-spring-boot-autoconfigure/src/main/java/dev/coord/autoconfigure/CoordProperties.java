package dev.coord.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of coord, under {@code coord.*}.
 */
@ConfigurationProperties("coord")
public class CoordProperties {

	/**
	 * Whether to enable coord.
	 */
	private boolean enabled = true;

	/**
	 * Whether start-up fails when this member cannot register with etcd within
	 * coord.etcd.connect-timeout. When false, the application starts without etcd, the 'coord' health
	 * indicator is DOWN, and coord keeps trying in the background and joins when etcd comes.
	 */
	private boolean failFast = false;

	/**
	 * Root of every coord key in etcd.
	 */
	private String namespace = "/coord";

	/**
	 * Name of the cluster: the instances that share tasks. Its keys live under {namespace}/{cluster}/.
	 * Defaults to spring.application.name, else 'default'.
	 */
	private @Nullable String cluster;

	private final Etcd etcd = new Etcd();

	private final Member member = new Member();

	private final Worker worker = new Worker();

	private final Leader leader = new Leader();

	private final Rebalance rebalance = new Rebalance();

	private final Task task = new Task();

	private final Shutdown shutdown = new Shutdown();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public @Nullable String getCluster() {
		return this.cluster;
	}

	public void setCluster(@Nullable String cluster) {
		this.cluster = cluster;
	}

	public Etcd getEtcd() {
		return this.etcd;
	}

	public Member getMember() {
		return this.member;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Leader getLeader() {
		return this.leader;
	}

	public Rebalance getRebalance() {
		return this.rebalance;
	}

	public Task getTask() {
		return this.task;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	@Override
	public String toString() {
		return "CoordProperties[enabled=" + this.enabled + ", failFast=" + this.failFast + ", namespace="
				+ this.namespace + ", cluster=" + this.cluster + ", etcd=" + this.etcd + "]";
	}

	/**
	 * The connection to etcd.
	 */
	public static class Etcd {

		/**
		 * etcd client URLs, e.g. http://etcd-0:2379. Use https:// URLs for TLS.
		 */
		private List<String> endpoints = new ArrayList<>(List.of("http://localhost:2379"));

		/**
		 * User name for etcd authentication.
		 */
		private @Nullable String username;

		/**
		 * Password for etcd authentication.
		 */
		private @Nullable String password;

		private final Ssl ssl = new Ssl();

		/**
		 * Timeout of a connection attempt to etcd; with fail-fast, also how long start-up waits for this
		 * member to register.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Deadline of each request to etcd.
		 */
		private Duration requestTimeout = Duration.ofSeconds(5);

		public List<String> getEndpoints() {
			return this.endpoints;
		}

		public void setEndpoints(List<String> endpoints) {
			this.endpoints = endpoints;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		@Override
		public String toString() {
			return "Etcd[endpoints=" + this.endpoints + ", username=" + this.username + ", password="
					+ ((this.password != null) ? "******" : null) + ", ssl.bundle=" + this.ssl.getBundle()
					+ ", connectTimeout=" + this.connectTimeout + ", requestTimeout=" + this.requestTimeout + "]";
		}

	}

	/**
	 * TLS to etcd.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) to reach etcd with: its trust material verifies
		 * etcd's certificate, its key material, when present, is the client certificate (mTLS). Requires
		 * https:// endpoints.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * This member.
	 */
	public static class Member {

		/**
		 * Id of this member, matching [A-Za-z0-9._-]{1,128}. Defaults to
		 * {application}-{hostname}-{6 random characters}, new for every start.
		 */
		private @Nullable String id;

		/**
		 * Time to live of the member's etcd lease, in whole seconds, at least 2s. A crashed member's
		 * tasks move after about this long.
		 */
		private Duration leaseTtl = Duration.ofSeconds(10);

		/**
		 * How long the member may go without a successful lease renewal before it fences itself
		 * (revokes its tasks). Defaults to half of lease-ttl. renew-deadline + revoke-timeout must be
		 * less than lease-ttl.
		 */
		private @Nullable Duration renewDeadline;

		/**
		 * How long revoked listeners may take to stop a task's work. Defaults to a quarter of lease-ttl.
		 */
		private @Nullable Duration revokeTimeout;

		/**
		 * Relative share of tasks this member takes; 0 takes none.
		 */
		private int capacity = 1;

		/**
		 * Free-form labels published with the member.
		 */
		private Map<String, String> labels = new LinkedHashMap<>();

		public @Nullable String getId() {
			return this.id;
		}

		public void setId(@Nullable String id) {
			this.id = id;
		}

		public Duration getLeaseTtl() {
			return this.leaseTtl;
		}

		public void setLeaseTtl(Duration leaseTtl) {
			this.leaseTtl = leaseTtl;
		}

		public @Nullable Duration getRenewDeadline() {
			return this.renewDeadline;
		}

		public void setRenewDeadline(@Nullable Duration renewDeadline) {
			this.renewDeadline = renewDeadline;
		}

		public @Nullable Duration getRevokeTimeout() {
			return this.revokeTimeout;
		}

		public void setRevokeTimeout(@Nullable Duration revokeTimeout) {
			this.revokeTimeout = revokeTimeout;
		}

		public int getCapacity() {
			return this.capacity;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

		public Map<String, String> getLabels() {
			return this.labels;
		}

		public void setLabels(Map<String, String> labels) {
			this.labels = labels;
		}

	}

	/**
	 * Running tasks.
	 */
	public static class Worker {

		/**
		 * Whether this member takes tasks. When false it may still coordinate.
		 */
		private boolean enabled = true;

		/**
		 * Threads delivering task events; events of one task are always delivered in order.
		 */
		private int listenerThreads = 4;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getListenerThreads() {
			return this.listenerThreads;
		}

		public void setListenerThreads(int listenerThreads) {
			this.listenerThreads = listenerThreads;
		}

	}

	/**
	 * Coordinating.
	 */
	public static class Leader {

		/**
		 * Whether this member may be elected coordinator.
		 */
		private boolean eligible = true;

		public boolean isEligible() {
			return this.eligible;
		}

		public void setEligible(boolean eligible) {
			this.eligible = eligible;
		}

	}

	/**
	 * Spreading tasks.
	 */
	public static class Rebalance {

		/**
		 * How often the coordinator lists everything again and re-plans, besides planning on every change.
		 */
		private Duration interval = Duration.ofSeconds(30);

		/**
		 * How long the coordinator waits for more changes before moving tasks between live members.
		 * Orphaned and new tasks are placed at once.
		 */
		private Duration debounce = Duration.ofMillis(250);

		/**
		 * Most tasks moved between live members per round; 0 for no limit.
		 */
		private int maxMoves = 0;

		/**
		 * Most operations per etcd transaction; must not exceed etcd's --max-txn-ops.
		 */
		private int maxTxnOps = 128;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getDebounce() {
			return this.debounce;
		}

		public void setDebounce(Duration debounce) {
			this.debounce = debounce;
		}

		public int getMaxMoves() {
			return this.maxMoves;
		}

		public void setMaxMoves(int maxMoves) {
			this.maxMoves = maxMoves;
		}

		public int getMaxTxnOps() {
			return this.maxTxnOps;
		}

		public void setMaxTxnOps(int maxTxnOps) {
			this.maxTxnOps = maxTxnOps;
		}

	}

	/**
	 * Task definitions.
	 */
	public static class Task {

		/**
		 * Largest task payload accepted; larger task keys are skipped with a warning.
		 */
		private DataSize maxPayload = DataSize.ofKilobytes(256);

		public DataSize getMaxPayload() {
			return this.maxPayload;
		}

		public void setMaxPayload(DataSize maxPayload) {
			this.maxPayload = maxPayload;
		}

	}

	/**
	 * Leaving the cluster.
	 */
	public static class Shutdown {

		/**
		 * How long a graceful shutdown waits for this member's tasks to move to other members before
		 * revoking the rest. Keep it below spring.lifecycle.timeout-per-shutdown-phase.
		 */
		private Duration drainTimeout = Duration.ofSeconds(20);

		public Duration getDrainTimeout() {
			return this.drainTimeout;
		}

		public void setDrainTimeout(Duration drainTimeout) {
			this.drainTimeout = drainTimeout;
		}

	}

}
