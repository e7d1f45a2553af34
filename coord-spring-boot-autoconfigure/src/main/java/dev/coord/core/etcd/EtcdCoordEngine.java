package dev.coord.core.etcd;

import dev.coord.core.ClusterSnapshot;
import dev.coord.core.CoordEngine;
import dev.coord.core.CoordListener;
import dev.coord.core.CoordObserver;
import dev.coord.core.CoordSettings;
import dev.coord.core.EngineStatus;
import io.etcd.jetcd.Client;

/**
 * The engine on etcd. Work in progress: the protocol lands in the following commits.
 */
public final class EtcdCoordEngine implements CoordEngine {

	private final Client client;

	private final CoordSettings settings;

	private final CoordListener listener;

	private final CoordObserver observer;

	public EtcdCoordEngine(Client client, CoordSettings settings, CoordListener listener, CoordObserver observer) {
		this.client = client;
		this.settings = settings;
		this.listener = listener;
		this.observer = observer;
	}

	@Override
	public void start() {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public EngineStatus status() {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public ClusterSnapshot snapshot() {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public void close() {
	}

}
