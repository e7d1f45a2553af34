package dev.coord.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DurationTextTests {

	@Test
	void writesDurationsAsApplicationYmlDoes() {
		assertThat(DurationText.of(Duration.ofSeconds(10))).isEqualTo("10s");
		assertThat(DurationText.of(Duration.ofMillis(2500))).isEqualTo("2500ms");
		assertThat(DurationText.of(Duration.ZERO)).isEqualTo("0ms");
	}

	@Test
	void rewritesIsoDurationsInAMessage() {
		assertThat(DurationText.rewrite("Invalid value 'PT6S + coord.member.revoke-timeout PT2.5S' (PT1M)"))
			.isEqualTo("Invalid value '6s + coord.member.revoke-timeout 2500ms' (60s)");
	}

}
