package dev.coord.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on a loopback port that forwards to one etcd endpoint, and can cut the path as a network
 * partition would, or refuse it as a host whose etcd is down does.
 * <p>
 * {@link #cut()} closes every open connection and, until {@link #heal()}, accepts new connections but
 * neither forwards nor answers them: a client sees its connection drop, then reconnects into silence and
 * waits until its own deadlines expire. {@link #refuse()} closes every open connection and resets each
 * new one at once: a client's connection attempts fail fast, and gRPC waits longer after each failure
 * before it tries again. {@link #heal()} forwards again, including the connections that were held while
 * cut (whatever their client sent meanwhile is delivered then).
 * <p>
 * Plain blocking sockets: one thread accepts, two threads per forwarded connection copy bytes.
 */
public final class TcpProxy implements AutoCloseable {

	private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

	private static final int BUFFER_SIZE = 16 * 1024;

	private final InetSocketAddress target;

	private final ServerSocket server;

	private final Thread acceptor;

	private final AtomicInteger threadCount = new AtomicInteger();

	private final Object lock = new Object();

	/** Forwarded connections; guarded by {@link #lock}. */
	private final Set<Link> links = new HashSet<>();

	/** Connections accepted while cut; guarded by {@link #lock}. */
	private final List<Socket> held = new ArrayList<>();

	private boolean cut;

	private boolean refusing;

	private final AtomicInteger refusedConnections = new AtomicInteger();

	private boolean closed;

	private TcpProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0, 50, LoopbackPorts.LOOPBACK);
		this.acceptor = newThread("accept", this::acceptLoop);
		this.acceptor.start();
	}

	/**
	 * Starts a proxy to an endpoint such as {@code http://127.0.0.1:2379} (the scheme is ignored) or
	 * {@code 127.0.0.1:2379}.
	 */
	public static TcpProxy to(String endpoint) {
		URI uri = URI.create(endpoint.contains("://") ? endpoint : "tcp://" + endpoint);
		if (uri.getHost() == null || uri.getPort() < 0) {
			throw new IllegalArgumentException("Not a host:port endpoint: " + endpoint);
		}
		return to(new InetSocketAddress(uri.getHost(), uri.getPort()));
	}

	/**
	 * Starts a proxy to the given address.
	 */
	public static TcpProxy to(InetSocketAddress target) {
		try {
			return new TcpProxy(target);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open a proxy port to " + target, ex);
		}
	}

	/**
	 * The proxy's own endpoint, {@code http://127.0.0.1:<port>}, to give to a client instead of the target's.
	 */
	public String endpoint() {
		return "http://" + LoopbackPorts.LOOPBACK.getHostAddress() + ":" + port();
	}

	/**
	 * The loopback port the proxy listens on.
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Closes every open connection and blackholes new ones until {@link #heal()}.
	 */
	public void cut() {
		closeOpenLinksAfter(() -> this.cut = true);
	}

	/**
	 * Closes every open connection and resets new ones at once until {@link #heal()}.
	 */
	public void refuse() {
		closeOpenLinksAfter(() -> this.refusing = true);
	}

	/** Changes how new connections are treated, then closes the open ones. */
	private void closeOpenLinksAfter(Runnable newConnectionPolicy) {
		List<Link> open;
		synchronized (this.lock) {
			newConnectionPolicy.run();
			open = List.copyOf(this.links);
		}
		open.forEach(Link::close);
	}

	/**
	 * How many connections this proxy has refused since it started.
	 */
	public int refusedConnections() {
		return this.refusedConnections.get();
	}

	/**
	 * Forwards again: new connections, and those accepted while cut.
	 */
	public void heal() {
		List<Link> released = new ArrayList<>();
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.cut = false;
			this.refusing = false;
			for (Socket socket : this.held) {
				Link link = new Link(socket);
				this.links.add(link);
				released.add(link);
			}
			this.held.clear();
		}
		released.forEach(Link::start);
	}

	/**
	 * Whether the proxy is cut.
	 */
	public boolean isCut() {
		synchronized (this.lock) {
			return this.cut;
		}
	}

	/**
	 * Stops listening and closes every connection.
	 */
	@Override
	public void close() {
		List<Link> open;
		List<Socket> waiting;
		synchronized (this.lock) {
			this.closed = true;
			open = List.copyOf(this.links);
			waiting = List.copyOf(this.held);
			this.held.clear();
		}
		closeQuietly(this.server);
		awaitAcceptorEnd();
		open.forEach(Link::close);
		waiting.forEach(TcpProxy::closeQuietly);
	}

	@Override
	public String toString() {
		String state;
		synchronized (this.lock) {
			state = this.refusing ? " (refusing)" : this.cut ? " (cut)" : "";
		}
		return "TcpProxy " + endpoint() + " -> " + this.target + state;
	}

	private void acceptLoop() {
		while (true) {
			Socket socket;
			try {
				socket = this.server.accept();
				socket.setTcpNoDelay(true);
			}
			catch (IOException ex) {
				return; // closed
			}
			Link link = null;
			synchronized (this.lock) {
				if (this.closed) {
					closeQuietly(socket);
					return;
				}
				if (this.refusing) {
					this.refusedConnections.incrementAndGet(); // before the client can see the reset
					reset(socket);
				}
				else if (this.cut) {
					this.held.add(socket);
				}
				else {
					link = new Link(socket);
					this.links.add(link);
				}
			}
			if (link != null) {
				link.start();
			}
		}
	}

	/**
	 * The JDK closes a listening socket for good only when the thread blocked in its accept has woken up;
	 * until then a new connection can still be accepted. Closed must mean refusing.
	 */
	private void awaitAcceptorEnd() {
		if (Thread.currentThread() == this.acceptor) {
			return;
		}
		try {
			this.acceptor.join(CONNECT_TIMEOUT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Closes with a TCP reset, as a port that nobody listens on answers. */
	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// closed anyway below
		}
		closeQuietly(socket);
	}

	private Thread newThread(String role, Runnable task) {
		Thread thread = new Thread(task, "tcp-proxy-" + port() + "-" + role + "-" + this.threadCount.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// already broken
			}
		}
	}

	/** One client connection and its connection to the target. */
	private final class Link {

		private final Socket client;

		private final AtomicInteger finishedDirections = new AtomicInteger();

		private @Nullable Socket upstream;

		private boolean closed;

		Link(Socket client) {
			this.client = client;
		}

		void start() {
			newThread("up", this::connectAndForward).start();
		}

		private void connectAndForward() {
			Socket connected = new Socket();
			try {
				connected.connect(TcpProxy.this.target, CONNECT_TIMEOUT_MILLIS);
				connected.setTcpNoDelay(true);
			}
			catch (IOException ex) {
				// the target is down: the client sees its connection close, as it would without the proxy
				closeQuietly(connected);
				close();
				return;
			}
			synchronized (this) {
				if (this.closed) {
					closeQuietly(connected);
					return;
				}
				this.upstream = connected;
			}
			newThread("down", () -> copy(connected, this.client)).start();
			copy(this.client, connected);
		}

		/** Copies until end of stream, then half-closes; closes both sides on an error. */
		private void copy(Socket from, Socket to) {
			byte[] buffer = new byte[BUFFER_SIZE];
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				int count;
				while ((count = in.read(buffer)) != -1) {
					out.write(buffer, 0, count);
				}
				to.shutdownOutput();
				if (this.finishedDirections.incrementAndGet() == 2) {
					close();
				}
			}
			catch (IOException ex) {
				close();
			}
		}

		void close() {
			Socket connected;
			synchronized (this) {
				if (this.closed) {
					return;
				}
				this.closed = true;
				connected = this.upstream;
			}
			closeQuietly(this.client);
			closeQuietly(connected);
			synchronized (TcpProxy.this.lock) {
				TcpProxy.this.links.remove(this);
			}
		}

	}

}
