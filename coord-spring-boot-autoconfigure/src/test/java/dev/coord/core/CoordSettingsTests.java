package dev.coord.core;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The engine's settings: the invariants checked once when they are built, and how they name the property
 * and the fix when broken.
 */
class CoordSettingsTests {

	private static final CoordSettings DEFAULTS = CoordSettings.defaults("orders", "orders-web-1");

	@Test
	void theDefaultsAreThoseOfTheDesign() {
		assertThat(DEFAULTS.prefix()).isEqualTo("/coord/orders/");
		assertThat(DEFAULTS.leaseTtl()).hasSeconds(10);
		assertThat(DEFAULTS.renewDeadline()).hasSeconds(5);
		assertThat(DEFAULTS.revokeTimeout()).isEqualTo(Duration.ofMillis(2500));
		assertThat(DEFAULTS.maxTxnOps()).isEqualTo(128);
		assertThat(DEFAULTS.maxPayload()).isEqualTo(256 * 1024);
	}

	@Test
	void aLeaseUnderTwoSecondsNamesThePropertyAndTheFix() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> DEFAULTS.withLeaseTtl(Duration.ofSeconds(1)))
			.satisfies((ex) -> {
				assertThat(ex.property()).isEqualTo("coord.member.lease-ttl");
				assertThat(ex.getMessage()).contains("at least 2 s");
				assertThat(ex.fix()).contains("2s or more");
			});
	}

	@Test
	void aRenewDeadlinePlusRevokeTimeoutOfTheWholeLeaseIsRejected() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> with(Duration.ofSeconds(10), Duration.ofSeconds(6), Duration.ofSeconds(4), "a", 128))
			.satisfies((ex) -> {
				assertThat(ex.property()).isEqualTo("coord.member.renew-deadline");
				assertThat(ex.getMessage()).contains("must be less than coord.member.lease-ttl");
			});
	}

	@Test
	void aMemberIdWithASpaceIsRejected() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> with(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(2), "node 1", 128))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("coord.member.id"));
	}

	@Test
	void transactionsTooSmallForAFencedMoveAreRejected() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> with(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(2), "a", 3))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("coord.rebalance.max-txn-ops"));
	}

	@Test
	void durationsReadAsAUserWritesThem() {
		assertThat(CoordSettings.readable(Duration.ofMillis(400))).isEqualTo("400ms");
		assertThat(CoordSettings.readable(Duration.ofSeconds(5))).isEqualTo("5s");
		assertThat(CoordSettings.readable(Duration.ofMillis(1500))).isEqualTo("1.5s");
		assertThat(CoordSettings.readable(Duration.ofMinutes(2))).isEqualTo("2m");
	}

	private static CoordSettings with(Duration ttl, Duration renewDeadline, Duration revokeTimeout, String memberId,
			int maxTxnOps) {
		return new CoordSettings("/coord", "orders", memberId, ttl, renewDeadline, revokeTimeout, 1, Map.of(), true, 4,
				true, Duration.ofSeconds(30), Duration.ofMillis(250), 0, maxTxnOps, 256 * 1024, Duration.ofSeconds(20),
				Duration.ofSeconds(5));
	}

}
