package dev.coord.autoconfigure;

/**
 * coord could not join its cluster at start-up while {@code coord.fail-fast} is set. Carries what to do,
 * for the failure analyzer.
 */
final class CoordStartupException extends RuntimeException {

	private final String action;

	CoordStartupException(String message, String action) {
		super(message);
		this.action = action;
	}

	String getAction() {
		return this.action;
	}

}
