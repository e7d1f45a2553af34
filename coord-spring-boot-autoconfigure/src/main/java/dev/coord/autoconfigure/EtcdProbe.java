package dev.coord.autoconfigure;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Reads one key of the cluster, to tell a user why this member has not joined: etcd unreachable, TLS
 * failing, credentials rejected, or permissions missing. Used only when joining takes too long.
 */
final class EtcdProbe implements Supplier<@Nullable EtcdProblem> {

	private static final String FAIL_FAST_ADVICE = " Or set coord.fail-fast=false to start without etcd and join when it comes.";

	private final Client client;

	private final String prefix;

	private final List<URI> endpoints;

	private final Duration timeout;

	EtcdProbe(Client client, String prefix, List<URI> endpoints, Duration timeout) {
		this.client = client;
		this.prefix = prefix;
		this.endpoints = endpoints;
		this.timeout = timeout;
	}

	/** What keeps this member from using etcd, or null when etcd answers. */
	@Override
	public @Nullable EtcdProblem get() {
		try {
			this.client.getKVClient()
				.get(ByteSequence.from(this.prefix + "leader", StandardCharsets.UTF_8))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return null;
		}
		catch (ExecutionException ex) {
			return describe((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException ex) {
			return new EtcdProblem("etcd at " + this.endpoints + " did not answer within "
					+ DurationText.of(this.timeout), "Check that etcd runs and is reachable at coord.etcd.endpoints." + FAIL_FAST_ADVICE);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	EtcdProblem describe(Throwable failure) {
		String cause = rootMessage(failure);
		String lower = cause.toLowerCase(Locale.ROOT);
		if (lower.contains("authentication failed") || lower.contains("invalid user id or password")) {
			return new EtcdProblem("etcd rejected the user name or password: " + cause,
					"Check coord.etcd.username and coord.etcd.password against the etcd user.");
		}
		if (lower.contains("user name is empty") || lower.contains("user name not found")) {
			return new EtcdProblem("etcd requires authentication: " + cause,
					"Set coord.etcd.username and coord.etcd.password to an etcd user.");
		}
		if (has(failure, SSLException.class)) {
			return new EtcdProblem("the TLS handshake with etcd at " + this.endpoints + " failed: " + cause,
					"Check that coord.etcd.ssl.bundle trusts etcd's certificate (which must name the endpoint's host) "
							+ "and holds a client certificate that etcd's --trusted-ca-file accepts.");
		}
		Status.Code code = Status.fromThrowable(failure).getCode();
		if (code == Status.Code.PERMISSION_DENIED || lower.contains("permission denied")) {
			return new EtcdProblem("the etcd user may not use the cluster's keys under '" + this.prefix + "': " + cause,
					"Grant the user's role readwrite on the prefix, e.g. etcdctl role grant-permission ROLE "
							+ "--prefix=true readwrite " + this.prefix);
		}
		if (code == Status.Code.UNAVAILABLE) {
			return new EtcdProblem("etcd is unreachable at " + this.endpoints + ": " + cause,
					"Check that etcd runs and is reachable at coord.etcd.endpoints." + FAIL_FAST_ADVICE);
		}
		return new EtcdProblem("etcd at " + this.endpoints + " failed: " + cause,
				"Check etcd's health and coord.etcd.*." + FAIL_FAST_ADVICE);
	}

	private static boolean has(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	/** The message closest to the root of the failure: gRPC wraps the useful words. */
	private static String rootMessage(Throwable failure) {
		String message = failure.toString();
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t.getMessage() != null && !t.getMessage().isBlank()) {
				message = t.getMessage();
			}
		}
		return message;
	}

}
