package dev.coord.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks an etcd member whether it is ready: {@code GET /health} answers {@code {"health":"true"}} once the
 * member has a leader and serves requests.
 */
final class HealthProbe {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

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
