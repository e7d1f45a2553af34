package dev.coord.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.coord.core.EngineStatus.Phase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class CoordLifecycleTests {

	/** WebServerStartStopLifecycle's phase (package-private in Boot). */
	private static final int WEB_SERVER_START_STOP_PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE
			- 1024;

	@Test
	void startsAfterTheWebServerAndStopsBeforeItsGracefulShutdown() {
		// Phases start in ascending order and stop in descending order.
		assertThat(CoordLifecycle.PHASE).isGreaterThan(WEB_SERVER_START_STOP_PHASE)
			.isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
		assertThat(lifecycle(new FakeEngine(), false).getPhase()).isEqualTo(CoordLifecycle.PHASE);
	}

	@Test
	void startsTheEngineOnceAndReportsRunning() {
		FakeEngine engine = new FakeEngine();
		CoordLifecycle lifecycle = lifecycle(engine, false);
		lifecycle.start();
		lifecycle.start();
		assertThat(engine.starts).hasValue(1);
		assertThat(lifecycle.isRunning()).isTrue();
		assertThat(lifecycle.isAutoStartup()).isTrue();
		assertThat(lifecycle.isPauseable()).isFalse();
	}

	@Test
	void doesNotWaitForEtcdWithoutFailFast() {
		FakeEngine engine = new FakeEngine();
		engine.phaseOnStart = Phase.JOINING;
		CoordLifecycle lifecycle = lifecycle(engine, false);
		lifecycle.start();
		assertThat(lifecycle.isRunning()).isTrue();
		assertThat(engine.closes).hasValue(0);
	}

	@Test
	void failsStartUpWithTheReasonWhenItCannotJoinWithFailFast() {
		FakeEngine engine = new FakeEngine();
		engine.phaseOnStart = Phase.JOINING;
		CoordLifecycle lifecycle = new CoordLifecycle(engine, "cluster 'orders' at etcd [http://localhost:2379]", true,
				Duration.ofMillis(200), () -> new EtcdProblem("etcd is unreachable at [http://localhost:2379]: "
						+ "Connection refused", "Check that etcd runs."));
		assertThatExceptionOfType(CoordStartupException.class).isThrownBy(lifecycle::start)
			.withMessage("coord could not join cluster 'orders' at etcd [http://localhost:2379] within 200ms "
					+ "(coord.etcd.connect-timeout): etcd is unreachable at [http://localhost:2379]: Connection refused")
			.satisfies((ex) -> {
				FailureAnalysis analysis = new CoordStartupFailureAnalyzer().analyze(new IllegalStateException(ex));
				assertThat(analysis.getDescription()).isEqualTo(ex.getMessage());
				assertThat(analysis.getAction()).isEqualTo("Check that etcd runs.");
			});
		assertThat(engine.closes).hasValue(1);
		assertThat(lifecycle.isRunning()).isFalse();
	}

	@Test
	void namesTheEnginesPhaseAndErrorWhenEtcdAnswersButTheMemberCannotJoin() {
		FakeEngine engine = new FakeEngine();
		engine.phaseOnStart = Phase.JOINING;
		CoordLifecycle lifecycle = new CoordLifecycle(engine, "cluster 'orders'", true, Duration.ofMillis(100),
				() -> null);
		assertThatExceptionOfType(CoordStartupException.class).isThrownBy(lifecycle::start)
			.withMessageEndingWith("the member is JOINING")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("coord.fail-fast=false"));
	}

	@Test
	void startsWithFailFastOnceTheMemberHasJoined() {
		FakeEngine engine = new FakeEngine();
		CoordLifecycle lifecycle = lifecycle(engine, true);
		lifecycle.start();
		assertThat(lifecycle.isRunning()).isTrue();
	}

	@Test
	void stopsAsynchronouslyAndCallsBackWhenTheEngineIsClosed() throws InterruptedException {
		CountDownLatch closing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<String> closedOn = new AtomicReference<>();
		FakeEngine engine = new FakeEngine() {
			@Override
			public void close() {
				closedOn.set(Thread.currentThread().getName());
				closing.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				super.close();
			}
		};
		CoordLifecycle lifecycle = lifecycle(engine, false);
		lifecycle.start();
		CountDownLatch calledBack = new CountDownLatch(1);
		lifecycle.stop(calledBack::countDown);
		assertThat(lifecycle.isRunning()).isFalse();
		assertThat(closing.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(calledBack.getCount()).isOne();
		release.countDown();
		assertThat(calledBack.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(closedOn.get()).isEqualTo("coord-shutdown");
		assertThat(engine.closes).hasValue(1);
	}

	@Test
	void callsBackAtOnceWhenNotRunning() {
		CountDownLatch calledBack = new CountDownLatch(1);
		lifecycle(new FakeEngine(), false).stop(calledBack::countDown);
		assertThat(calledBack.getCount()).isZero();
	}

	@Test
	void cannotStartAgainOnceStopped() {
		FakeEngine engine = new FakeEngine();
		CoordLifecycle lifecycle = lifecycle(engine, false);
		lifecycle.start();
		lifecycle.stop();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(engine.closes).hasValue(1));
		assertThatIllegalStateException().isThrownBy(lifecycle::start).withMessageContaining("cannot join again");
	}

	private static CoordLifecycle lifecycle(FakeEngine engine, boolean failFast) {
		return new CoordLifecycle(engine, "cluster 'test'", failFast, Duration.ofSeconds(5), () -> null);
	}

}
