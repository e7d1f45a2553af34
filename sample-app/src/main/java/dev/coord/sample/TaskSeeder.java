package dev.coord.sample;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.coord.core.TaskCatalog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Plays the "other system" that defines the tasks: with {@code sample.seed-tasks=N}, puts
 * {@code task-001}...{@code task-N} into the catalog where they are missing. Every instance may do it at
 * once: {@link TaskCatalog#putIfAbsent} leaves a task that exists as it is. Runs off the start-up thread
 * and tries again while etcd cannot be reached, like coord itself.
 */
@Component
class TaskSeeder implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(TaskSeeder.class);

	private static final long RETRY_SECONDS = 2;

	private final TaskCatalog catalog;

	private final JsonMapper jsonMapper;

	private final ScheduledExecutorService executor;

	private final int count;

	TaskSeeder(TaskCatalog catalog, JsonMapper jsonMapper, ScheduledExecutorService pollerExecutor,
			SampleProperties properties) {
		this.catalog = catalog;
		this.jsonMapper = jsonMapper;
		this.executor = pollerExecutor;
		this.count = properties.getSeedTasks();
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.count > 0) {
			this.executor.execute(this::seed);
		}
	}

	private void seed() {
		try {
			int created = 0;
			for (int i = 1; i <= this.count; i++) {
				String taskId = taskId(i);
				byte[] payload = this.jsonMapper.writeValueAsBytes(FeedSpec.fallback(taskId));
				if (this.catalog.putIfAbsent(taskId, payload)) {
					created++;
				}
			}
			logger.info("Seeded tasks " + taskId(1) + " to " + taskId(this.count) + ": " + created + " created, "
					+ (this.count - created) + " were there");
		}
		catch (RuntimeException ex) {
			logger.warn("Could not seed tasks yet, trying again in " + RETRY_SECONDS + " s: " + ex);
			this.executor.schedule(this::seed, RETRY_SECONDS, TimeUnit.SECONDS);
		}
	}

	static String taskId(int number) {
		return String.format("task-%03d", number);
	}

}
