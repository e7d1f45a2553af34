package dev.coord.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks an etcd member, over plain HTTP, whether it is ready: {@code GET /health} answers
 * {@code {"health":"true"}} once the member has a leader and serves requests.
 */
final class HealthProbe {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"(\\d+)\"");

	private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"(\\d+)\"");

	private HealthProbe() {
	}

	/**
	 * What {@code /health} says, e.g. {@code HTTP 200 {"health":"true"}} or the connection error.
	 */
	static Result check(String endpoint) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/health")).timeout(TIMEOUT).GET().build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			String body = response.body().trim();
			boolean healthy = response.statusCode() == 200 && body.replace(" ", "").contains("\"health\":\"true\"");
			return new Result(healthy, "HTTP " + response.statusCode() + " " + body);
		}
		catch (IOException ex) {
			return new Result(false, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(false, "interrupted");
		}
	}

	/**
	 * Whether the member serves its peer port (answers {@code GET /version} there), which it does once it
	 * has read or bootstrapped its membership, before it has a leader.
	 */
	static boolean servesPeers(String peerUrl) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(peerUrl + "/version")).timeout(TIMEOUT).GET().build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Whether the member says it is the leader, through the gRPC gateway's status call (best effort:
	 * {@code false} when it cannot tell).
	 */
	static boolean isLeader(String endpoint) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/v3/maintenance/status"))
			.timeout(TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		try {
			String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
			Matcher member = MEMBER_ID.matcher(body);
			Matcher leader = LEADER.matcher(body);
			return member.find() && leader.find() && member.group(1).equals(leader.group(1));
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Whether something accepts TCP connections on the port: a member without quorum listens but does not
	 * answer HTTP until a leader is elected.
	 */
	static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LoopbackPorts.LOOPBACK, port), (int) TIMEOUT.toMillis());
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	record Result(boolean healthy, String description) {
	}

}
