package dev.coord.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.coord.core.CoordObserver;
import dev.coord.core.RevokeReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reports to every {@link CoordObserver} bean. One observer that throws neither reaches the engine nor
 * keeps the others from being told.
 */
final class CompositeCoordObserver implements CoordObserver {

	private static final Log logger = LogFactory.getLog(CompositeCoordObserver.class);

	private final List<CoordObserver> observers;

	private CompositeCoordObserver(List<CoordObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	static CoordObserver of(List<CoordObserver> observers) {
		return observers.isEmpty() ? CoordObserver.NONE : new CompositeCoordObserver(observers);
	}

	@Override
	public void rebalanced(Duration duration, int moves, int placements) {
		each((observer) -> observer.rebalanced(duration, moves, placements));
	}

	@Override
	public void handedOff(Duration sinceAssignment) {
		each((observer) -> observer.handedOff(sinceAssignment));
	}

	@Override
	public void taskAssigned() {
		each(CoordObserver::taskAssigned);
	}

	@Override
	public void taskRevoked(RevokeReason reason) {
		each((observer) -> observer.taskRevoked(reason));
	}

	@Override
	public void revokeOverran(String taskId) {
		each((observer) -> observer.revokeOverran(taskId));
	}

	@Override
	public void leaseLost() {
		each(CoordObserver::leaseLost);
	}

	@Override
	public void listenerFailed(String taskId, Throwable failure) {
		each((observer) -> observer.listenerFailed(taskId, failure));
	}

	@Override
	public void etcdFailed(Throwable failure) {
		each((observer) -> observer.etcdFailed(failure));
	}

	@Override
	public void invalidKeySkipped(String key) {
		each((observer) -> observer.invalidKeySkipped(key));
	}

	private void each(Consumer<CoordObserver> call) {
		for (CoordObserver observer : this.observers) {
			try {
				call.accept(observer);
			}
			catch (RuntimeException ex) {
				logger.warn("CoordObserver " + observer + " failed", ex);
			}
		}
	}

}
