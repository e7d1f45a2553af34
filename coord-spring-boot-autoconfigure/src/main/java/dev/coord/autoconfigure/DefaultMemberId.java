package dev.coord.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Random;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The member id used when {@code coord.member.id} is not set: {@code {application}-{hostname}-{6 random
 * characters}}, so that every start is a new incarnation, and an operator reading etcd sees where it
 * runs.
 */
final class DefaultMemberId {

	private static final int MAX_LENGTH = 128;

	private static final int SUFFIX_LENGTH = 6;

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private static final Random RANDOM = new SecureRandom();

	private DefaultMemberId() {
	}

	static String generate(@Nullable String application) {
		return generate(application, hostName(), RANDOM);
	}

	static String generate(@Nullable String application, @Nullable String host, Random random) {
		StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
		for (int i = 0; i < SUFFIX_LENGTH; i++) {
			suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		String app = clean(StringUtils.hasText(application) ? application : "coord");
		String hostPart = clean(StringUtils.hasText(host) ? host : "localhost");
		// Keep the suffix whole: it is what makes the id unique.
		int room = MAX_LENGTH - SUFFIX_LENGTH - 2;
		app = app.substring(0, Math.min(app.length(), room / 2));
		hostPart = hostPart.substring(0, Math.min(hostPart.length(), room - app.length()));
		return app + "-" + hostPart + "-" + suffix;
	}

	/** Replaces what a member id may not contain, so that any application or host name gives a valid id. */
	private static String clean(String text) {
		String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
		cleaned = cleaned.replaceAll("^-+|-+$", "");
		return cleaned.isEmpty() ? "x" : cleaned;
	}

	private static @Nullable String hostName() {
		String host = System.getenv("HOSTNAME");
		if (StringUtils.hasText(host)) {
			return host;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
