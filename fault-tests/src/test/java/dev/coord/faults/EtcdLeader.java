package dev.coord.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.coord.test.EtcdNode;

/**
 * Which etcd node leads, asked of each node through its gRPC gateway ({@code /v3/maintenance/status}).
 */
final class EtcdLeader {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(1))
		.build();

	private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"(\\d+)\"");

	private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"(\\d+)\"");

	private EtcdLeader() {
	}

	/** The index of the node that says it leads, or -1 when none does. */
	static int among(List<EtcdNode> nodes) {
		for (int i = 0; i < nodes.size(); i++) {
			if (nodes.get(i).isRunning() && isLeader(nodes.get(i).endpoint())) {
				return i;
			}
		}
		return -1;
	}

	private static boolean isLeader(String endpoint) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/v3/maintenance/status"))
			.timeout(Duration.ofSeconds(1))
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

}
