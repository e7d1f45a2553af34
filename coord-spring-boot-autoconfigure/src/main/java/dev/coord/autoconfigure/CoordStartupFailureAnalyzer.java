package dev.coord.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because coord could not join its cluster with {@code coord.fail-fast}.
 */
class CoordStartupFailureAnalyzer extends AbstractFailureAnalyzer<CoordStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CoordStartupException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
