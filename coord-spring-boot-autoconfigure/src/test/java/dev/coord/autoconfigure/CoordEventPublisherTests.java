package dev.coord.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.coord.core.CoordEngine;
import dev.coord.core.CoordListener;
import dev.coord.core.RevokeReason;
import dev.coord.event.LeadershipGrantedEvent;
import dev.coord.event.LeadershipRevokedEvent;
import dev.coord.event.TaskAssignedEvent;
import dev.coord.event.TaskEvent;
import dev.coord.event.TaskRevokedEvent;
import dev.coord.event.TaskUpdatedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class CoordEventPublisherTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoordAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withPropertyValues("coord.member.id=m1", "coord.cluster=orders")
		.withBean("coordEngine", CoordEngine.class, FakeEngine::new)
		.withBean(Recorder.class);

	@Test
	void publishesEachEngineCallAsAnApplicationEventToEventListeners() {
		this.runner.run((context) -> {
			CoordListener listener = publisher(context);
			listener.leadershipGranted(7);
			listener.taskAssigned("t1", "{\"id\":\"o-1\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8), 101, "m1");
			listener.taskUpdated("t1", "{\"id\":\"o-1\",\"quantity\":4}".getBytes(StandardCharsets.UTF_8), 101);
			listener.taskRevoked("t1", RevokeReason.REASSIGNED, 101);
			listener.leadershipRevoked(7);
			Recorder recorder = context.getBean(Recorder.class);
			assertThat(recorder.events).hasExactlyElementsOfTypes(LeadershipGrantedEvent.class, TaskAssignedEvent.class,
					TaskUpdatedEvent.class, TaskRevokedEvent.class, LeadershipRevokedEvent.class);
			TaskAssignedEvent assigned = (TaskAssignedEvent) recorder.events.get(1);
			assertThat(assigned.getTaskId()).isEqualTo("t1");
			assertThat(assigned.getFencingToken()).isEqualTo(101);
			assertThat(assigned.getMemberId()).isEqualTo("m1");
			assertThat(assigned.getPayloadAsString()).isEqualTo("{\"id\":\"o-1\",\"quantity\":3}");
			assertThat(assigned.payloadAs(Order.class)).isEqualTo(new Order("o-1", 3));
			assertThat(assigned.getSource()).isSameAs(context.getBean(Coordinator.class));
			TaskUpdatedEvent updated = (TaskUpdatedEvent) recorder.events.get(2);
			assertThat(updated.payloadAs(Order.class)).isEqualTo(new Order("o-1", 4));
			assertThat(updated.getFencingToken()).isEqualTo(101);
			TaskRevokedEvent revoked = (TaskRevokedEvent) recorder.events.get(3);
			assertThat(revoked.getReason()).isEqualTo(RevokeReason.REASSIGNED);
			assertThat(((LeadershipGrantedEvent) recorder.events.get(0)).getEpoch()).isEqualTo(7);
			assertThat(((LeadershipRevokedEvent) recorder.events.get(4)).getEpoch()).isEqualTo(7);
		});
	}

	@Test
	void deliversOnTheCallersThreadSoThatARevokedListenerHasReturnedWhenTheEngineGoesOn() {
		this.runner.run((context) -> {
			Thread.currentThread().setName("engine-dispatch-test");
			publisher(context).taskRevoked("t1", RevokeReason.SHUTDOWN, 5);
			assertThat(context.getBean(Recorder.class).threads).containsExactly("engine-dispatch-test");
		});
	}

	@Test
	void letsAListenersExceptionReachTheEngine() {
		this.runner.withBean(Failing.class).run((context) -> assertThatRuntimeException()
			.isThrownBy(() -> publisher(context).taskAssigned("t1", new byte[0], 1, "m1"))
			.withMessage("listener failed"));
	}

	@Test
	void refusesToConvertWithoutAConverter() {
		TaskAssignedEvent event = new TaskAssignedEvent(this, "t1", "{}".getBytes(), 1, "m1");
		assertThatIllegalStateException().isThrownBy(() -> event.payloadAs(Order.class))
			.withMessageContaining("spring-boot-starter-jackson");
	}

	@Test
	void eventsCannotBeChangedThroughTheirPayload() {
		byte[] payload = "abc".getBytes();
		TaskAssignedEvent event = new TaskAssignedEvent(this, "t1", payload, 1, "m1");
		payload[0] = 'x';
		event.getPayload()[1] = 'x';
		assertThat(event.getPayloadAsString()).isEqualTo("abc");
	}

	private static CoordListener publisher(ApplicationContext context) {
		ObjectProvider<Coordinator> coordinator = context.getBeanProvider(Coordinator.class);
		return new CoordEventPublisher(context, coordinator,
				context.getBeanProvider(dev.coord.event.PayloadConverter.class));
	}

	record Order(String id, int quantity) {
	}

	static class Recorder {

		final List<Object> events = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		@EventListener
		void on(TaskEvent event) {
			this.events.add(event);
			this.threads.add(Thread.currentThread().getName());
		}

		@EventListener
		void on(LeadershipGrantedEvent event) {
			this.events.add(event);
		}

		@EventListener
		void on(LeadershipRevokedEvent event) {
			this.events.add(event);
		}

	}

	static class Failing {

		@EventListener
		void on(TaskAssignedEvent event) {
			throw new IllegalStateException("listener failed");
		}

	}

}
