package dev.coord.autoconfigure;

import dev.coord.core.CoordListener;
import dev.coord.core.RevokeReason;
import dev.coord.event.LeadershipGrantedEvent;
import dev.coord.event.LeadershipRevokedEvent;
import dev.coord.event.PayloadConverter;
import dev.coord.event.TaskAssignedEvent;
import dev.coord.event.TaskRevokedEvent;
import dev.coord.event.TaskUpdatedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes what the engine decides as application events, synchronously on the engine's dispatch thread:
 * when {@code publishEvent} returns every {@code @EventListener} has returned, which is what "stop before
 * you return" rests on. An exception of a listener reaches the engine, which logs and counts it.
 */
final class CoordEventPublisher implements CoordListener {

	private final ApplicationEventPublisher publisher;

	private final ObjectProvider<Coordinator> coordinator;

	private final ObjectProvider<PayloadConverter> converter;

	private volatile @Nullable Object source;

	CoordEventPublisher(ApplicationEventPublisher publisher, ObjectProvider<Coordinator> coordinator,
			ObjectProvider<PayloadConverter> converter) {
		this.publisher = publisher;
		this.coordinator = coordinator;
		this.converter = converter;
	}

	@Override
	public void taskAssigned(String taskId, byte[] payload, long fencingToken, String memberId) {
		this.publisher.publishEvent(
				new TaskAssignedEvent(source(), taskId, payload, fencingToken, memberId, this.converter.getIfAvailable()));
	}

	@Override
	public void taskUpdated(String taskId, byte[] payload, long fencingToken) {
		this.publisher
			.publishEvent(new TaskUpdatedEvent(source(), taskId, payload, fencingToken, this.converter.getIfAvailable()));
	}

	@Override
	public void taskRevoked(String taskId, RevokeReason reason, long fencingToken) {
		this.publisher.publishEvent(new TaskRevokedEvent(source(), taskId, reason, fencingToken));
	}

	@Override
	public void leadershipGranted(long epoch) {
		this.publisher.publishEvent(new LeadershipGrantedEvent(source(), epoch));
	}

	@Override
	public void leadershipRevoked(long epoch) {
		this.publisher.publishEvent(new LeadershipRevokedEvent(source(), epoch));
	}

	/**
	 * The {@link Coordinator}, looked up on first use: it wraps the engine this listener is given to. Kept,
	 * so that revocations during shutdown do not ask a closing bean factory.
	 */
	private Object source() {
		Object source = this.source;
		if (source == null) {
			Coordinator coordinator = this.coordinator.getIfAvailable();
			source = (coordinator != null) ? coordinator : this;
			this.source = source;
		}
		return source;
	}

}
