package dev.coord.event;

import org.springframework.context.ApplicationEvent;

/**
 * This member became the coordinator of its cluster: it now computes and writes the assignments.
 * Leadership events are ordered among themselves; most applications need not listen to them.
 */
public final class LeadershipGrantedEvent extends ApplicationEvent {

	private final long epoch;

	/**
	 * Creates an event.
	 * @param source the publisher
	 * @param epoch the leadership's epoch: the etcd create revision of the leader key
	 */
	public LeadershipGrantedEvent(Object source, long epoch) {
		super(source);
		this.epoch = epoch;
	}

	/** The leadership's epoch; every write of this leader is fenced by it. */
	public long getEpoch() {
		return this.epoch;
	}

	@Override
	public String toString() {
		return "LeadershipGrantedEvent[epoch=" + this.epoch + "]";
	}

}
