package dev.coord.benchmarks.etcd;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The write counters of one {@code /metrics} scrape. Differences of two scrapes count what happened in
 * between:
 * <ul>
 * <li>{@code txn}, {@code put}, {@code deleteRange}: gRPC requests handled, by method
 * ({@code grpc_server_handled_total{grpc_method=...}}); a coord write is a Txn, a setup write a Put;
 * <li>{@code leaseGrant}, {@code leaseRevoke}: lease requests that go through raft;
 * <li>{@code proposals}: raft proposals committed ({@code etcd_server_proposals_committed_total}), every
 * request that changed the store, lease grants and revokes included;
 * <li>{@code keysPut}, {@code keysDeleted}: keys written and deleted by those requests
 * ({@code etcd_mvcc_put_total}, {@code etcd_mvcc_delete_total}); a txn of 128 puts counts 128.
 * </ul>
 */
public record EtcdMetrics(double txn, double put, double deleteRange, double leaseGrant, double leaseRevoke,
		double proposals, double keysPut, double keysDeleted) {

	public static EtcdMetrics scrape(EtcdServer server) throws IOException, InterruptedException {
		Map<String, Double> values = new HashMap<>();
		for (String line : server.metrics().split("\n")) {
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int space = line.lastIndexOf(' ');
			try {
				values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
			}
			catch (NumberFormatException ex) {
				// not a sample
			}
		}
		return new EtcdMetrics(grpc(values, "etcdserverpb.KV", "Txn"), grpc(values, "etcdserverpb.KV", "Put"),
				grpc(values, "etcdserverpb.KV", "DeleteRange"), grpc(values, "etcdserverpb.Lease", "LeaseGrant"),
				grpc(values, "etcdserverpb.Lease", "LeaseRevoke"),
				values.getOrDefault("etcd_server_proposals_committed_total", 0.0),
				values.getOrDefault("etcd_mvcc_put_total", 0.0), values.getOrDefault("etcd_mvcc_delete_total", 0.0));
	}

	private static double grpc(Map<String, Double> values, String service, String method) {
		return values.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith("grpc_server_handled_total{")
					&& entry.getKey().contains("grpc_method=\"" + method + "\"")
					&& entry.getKey().contains("grpc_service=\"" + service + "\""))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	/** What happened between {@code earlier} and this scrape. */
	public EtcdMetrics since(EtcdMetrics earlier) {
		return new EtcdMetrics(txn - earlier.txn, put - earlier.put, deleteRange - earlier.deleteRange,
				leaseGrant - earlier.leaseGrant, leaseRevoke - earlier.leaseRevoke, proposals - earlier.proposals,
				keysPut - earlier.keysPut, keysDeleted - earlier.keysDeleted);
	}

	/** Requests that write: txns, puts, deletes, lease grants and revokes. */
	public double writeRequests() {
		return txn + put + deleteRange + leaseGrant + leaseRevoke;
	}

}
