package dev.coord.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@link TcpProxy} in front of an echo server.
 */
class TcpProxyTests {

	private static final int READ_TIMEOUT_MILLIS = 5_000;

	private EchoServer echo;

	private TcpProxy proxy;

	@BeforeEach
	void start() throws IOException {
		this.echo = new EchoServer();
		this.proxy = TcpProxy.to("http://127.0.0.1:" + this.echo.port());
	}

	@AfterEach
	void stop() throws IOException {
		this.proxy.close();
		this.echo.close();
	}

	@Test
	void forwardsBothWays() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "ping")).isEqualTo("ping");
			assertThat(roundTrip(client, "pong")).isEqualTo("pong");
		}
		assertThat(this.proxy.endpoint()).isEqualTo("http://127.0.0.1:" + this.proxy.port());
	}

	@Test
	void cutClosesOpenConnections() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "ping")).isEqualTo("ping");

			this.proxy.cut();

			assertThat(this.proxy.isCut()).isTrue();
			assertThat(readOrEndOfStream(client)).isEqualTo(-1);
		}
	}

	@Test
	void cutAcceptsNewConnectionsButNeverAnswers() throws IOException {
		this.proxy.cut();
		try (Socket client = connect()) {
			client.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
			client.setSoTimeout(500);
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> client.getInputStream().read());
		}
		assertThat(this.echo.accepted()).isZero();
	}

	@Test
	void healForwardsTheConnectionsHeldWhileCutAndNewOnes() throws IOException {
		this.proxy.cut();
		try (Socket held = connect(); Socket later = new Socket()) {
			held.getOutputStream().write("sent while cut".getBytes(StandardCharsets.UTF_8));

			this.proxy.heal();

			assertThat(this.proxy.isCut()).isFalse();
			assertThat(read(held, "sent while cut".length())).isEqualTo("sent while cut");
			later.connect(new InetSocketAddress("127.0.0.1", this.proxy.port()));
			later.setSoTimeout(READ_TIMEOUT_MILLIS);
			assertThat(roundTrip(later, "after heal")).isEqualTo("after heal");
		}
	}

	@Test
	void refuseClosesOpenConnectionsAndResetsNewOnesUntilHealed() throws IOException {
		try (Socket open = connect()) {
			assertThat(roundTrip(open, "ping")).isEqualTo("ping");

			this.proxy.refuse();

			assertThat(readOrEndOfStream(open)).isEqualTo(-1);
		}
		for (int attempt = 1; attempt <= 2; attempt++) {
			assertThat(connectsAndReads()).as("a connection through a refusing proxy").isFalse();
		}
		assertThat(this.proxy.refusedConnections()).isEqualTo(2);
		assertThat(this.proxy.toString()).endsWith(" (refusing)");

		this.proxy.heal();

		try (Socket later = connect()) {
			assertThat(roundTrip(later, "after heal")).isEqualTo("after heal");
		}
		assertThat(this.proxy.refusedConnections()).isEqualTo(2);
	}

	@Test
	void closedProxyRefusesConnections() {
		this.proxy.close();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(this::connect);
		assertThatNoException().isThrownBy(this.proxy::close);
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.proxy.port()), READ_TIMEOUT_MILLIS);
		socket.setSoTimeout(READ_TIMEOUT_MILLIS);
		return socket;
	}

	/** Whether a new connection opens and a byte arrives; a reset, in the connect or the read, is false. */
	private boolean connectsAndReads() {
		try (Socket socket = connect()) {
			socket.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
			return socket.getInputStream().read() != -1;
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("the proxy neither answered nor closed the connection", ex);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String roundTrip(Socket client, String message) throws IOException {
		client.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
		return read(client, message.length());
	}

	private static String read(Socket client, int length) throws IOException {
		byte[] bytes = client.getInputStream().readNBytes(length);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/** -1 when the proxy closed the connection (a reset counts too); the byte read otherwise. */
	private static int readOrEndOfStream(Socket client) throws IOException {
		try {
			return client.getInputStream().read();
		}
		catch (SocketTimeoutException ex) {
			throw ex;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** Echoes every connection, one thread each. */
	private static final class EchoServer implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 50, LoopbackPorts.LOOPBACK);

		private final AtomicInteger accepted = new AtomicInteger();

		EchoServer() throws IOException {
			Thread acceptor = new Thread(this::acceptLoop, "echo-accept");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		int accepted() {
			return this.accepted.get();
		}

		private void acceptLoop() {
			while (true) {
				try {
					Socket socket = this.server.accept();
					this.accepted.incrementAndGet();
					Thread echo = new Thread(() -> echo(socket), "echo");
					echo.setDaemon(true);
					echo.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private static void echo(Socket socket) {
			try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// the test closed it
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

}
