package dev.coord.autoconfigure;

import dev.coord.core.InvalidSettingException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Turns an {@link InvalidSettingException} into "what is wrong" (with where the value was set) and "what
 * to set".
 */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

	private final @Nullable Environment environment;

	InvalidSettingFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
		String message = cause.getMessage();
		String fix = cause.fix();
		String problem = message.endsWith(fix) ? message.substring(0, message.length() - fix.length()).trim() : message;
		StringBuilder description = new StringBuilder(DurationText.rewrite(problem));
		Origin origin = origin(cause.property());
		if (origin != null) {
			description.append(System.lineSeparator()).append(System.lineSeparator()).append("    Origin: ").append(origin);
		}
		return new FailureAnalysis(description.toString(), DurationText.rewrite(fix), cause);
	}

	private @Nullable Origin origin(String property) {
		if (this.environment == null || !ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (var source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return found.getOrigin();
			}
		}
		return null;
	}

}
