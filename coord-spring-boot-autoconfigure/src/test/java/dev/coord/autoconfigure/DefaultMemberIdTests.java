package dev.coord.autoconfigure;

import java.util.Random;

import dev.coord.core.Keyspace;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultMemberIdTests {

	@Test
	void isApplicationHostAndSixRandomCharacters() {
		assertThat(DefaultMemberId.generate("orders", "web-1.example.com", new Random(1)))
			.matches("orders-web-1\\.example\\.com-[a-z0-9]{6}");
	}

	@Test
	void turnsAnyApplicationOrHostNameIntoAValidId() {
		String id = DefaultMemberId.generate("Order Service (EU)", "Ünïcode_Host", new Random(1));
		assertThat(Keyspace.isValidMemberId(id)).as(id).isTrue();
		assertThat(id).startsWith("order-service-eu-");
	}

	@Test
	void staysWithinTheLengthOfAMemberIdAndKeepsTheRandomPart() {
		String id = DefaultMemberId.generate("a".repeat(200), "h".repeat(200), new Random(1));
		assertThat(id).hasSizeLessThanOrEqualTo(128).matches(".*-[a-z0-9]{6}");
		assertThat(Keyspace.isValidMemberId(id)).isTrue();
	}

	@Test
	void fallsBackWithoutApplicationOrHost() {
		assertThat(DefaultMemberId.generate(null, null, new Random(1))).matches("coord-localhost-[a-z0-9]{6}");
	}

}
