package dev.coord.core.etcd;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a jetcd client try the etcd endpoints it is waiting to reconnect to at once.
 * <p>
 * gRPC waits longer after each failed connection to an endpoint (1 s, 1.6 s, 2.6 s, … up to two minutes),
 * and keeps waiting after that endpoint is back (jetcd #1616). A member whose only connected etcd node
 * then dies would stay off etcd past its renew deadline while the other nodes are up, and fence itself
 * for nothing. The one cure is {@link ManagedChannel#resetConnectBackoff()}, and jetcd keeps its channel
 * private, so it is reached by reflection. When that fails (another jetcd version, a wrapped client) the
 * member works on with gRPC's own reconnect times, and says so once.
 */
final class Reconnector {

	private static final Logger logger = LoggerFactory.getLogger(Reconnector.class);

	/** One reset makes every waiting endpoint try once; more often would only add connection attempts. */
	private static final long MIN_NANOS_BETWEEN_RESETS = TimeUnit.MILLISECONDS.toNanos(100);

	private final @Nullable ManagedChannel channel;

	private final AtomicLong lastResetAt = new AtomicLong(System.nanoTime() - MIN_NANOS_BETWEEN_RESETS);

	private Reconnector(@Nullable ManagedChannel channel) {
		this.channel = channel;
	}

	static Reconnector of(Client client) {
		return new Reconnector(channelOf(client));
	}

	/** Whether this can reach the client's connections; if not, {@link #reconnectNow()} does nothing. */
	boolean canReconnect() {
		return this.channel != null;
	}

	/**
	 * Ends gRPC's wait before its next connection attempt to each endpoint it could not reach: they are
	 * tried now. Endpoints that are connected are left alone. Cheap, and at most every 100 ms.
	 */
	void reconnectNow() {
		long last = this.lastResetAt.get();
		long now = System.nanoTime();
		if (this.channel != null && now - last >= MIN_NANOS_BETWEEN_RESETS && this.lastResetAt.compareAndSet(last, now)) {
			this.channel.resetConnectBackoff();
		}
	}

	/** jetcd 0.8's {@code ClientImpl.connectionManager.getChannel()}, which creates the channel if needed. */
	private static @Nullable ManagedChannel channelOf(Client client) {
		try {
			Field connectionManager = client.getClass().getDeclaredField("connectionManager");
			connectionManager.setAccessible(true);
			Object manager = connectionManager.get(client);
			Method getChannel = manager.getClass().getDeclaredMethod("getChannel");
			getChannel.setAccessible(true);
			return (ManagedChannel) getChannel.invoke(manager);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.warn("coord cannot reach the gRPC channel inside the etcd client {} ({}). After an etcd node has"
					+ " been unreachable, this member reconnects to it only when gRPC's own backoff (up to 2 minutes)"
					+ " allows, so if its other etcd nodes fail meanwhile it may fence itself although etcd is"
					+ " healthy. Give coord a client built by jetcd 0.8's Client.builder(), as its starter does.",
					client.getClass().getName(), ex.toString());
			return null;
		}
	}

}
