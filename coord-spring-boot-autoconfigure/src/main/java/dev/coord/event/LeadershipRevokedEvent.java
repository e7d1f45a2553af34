package dev.coord.event;

import org.springframework.context.ApplicationEvent;

/**
 * This member stopped being the coordinator of its cluster: it resigned, shut down, lost its lease, or
 * found another leader in place.
 */
public final class LeadershipRevokedEvent extends ApplicationEvent {

	private final long epoch;

	/**
	 * Creates an event.
	 * @param source the publisher
	 * @param epoch the epoch of the leadership that ended
	 */
	public LeadershipRevokedEvent(Object source, long epoch) {
		super(source);
		this.epoch = epoch;
	}

	/** The epoch of the leadership that ended. */
	public long getEpoch() {
		return this.epoch;
	}

	@Override
	public String toString() {
		return "LeadershipRevokedEvent[epoch=" + this.epoch + "]";
	}

}
