package dev.coord.core;

/**
 * A setting of the engine has a value it cannot work with. Names the property (as written in
 * {@code application.yml}), what is wrong, and how to fix it.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private final String property;

	private final String value;

	private final String fix;

	public InvalidSettingException(String property, Object value, String problem, String fix) {
		super("Invalid value '" + value + "' for '" + property + "': " + problem + ". " + fix);
		this.property = property;
		this.value = String.valueOf(value);
		this.fix = fix;
	}

	/** The property, e.g. {@code coord.member.lease-ttl}. */
	public String property() {
		return this.property;
	}

	/** The rejected value, as text. */
	public String value() {
		return this.value;
	}

	/** What to set instead. */
	public String fix() {
		return this.fix;
	}

}
