package dev.coord.sample;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A feed-polling service run as several instances that share their feeds through coord: each feed is a
 * task, polled by exactly one instance at a time.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

	/**
	 * The executor the pollers run on. A plain {@link ScheduledExecutorService} rather than Spring's task
	 * scheduler: Spring's stops taking work when the context starts to close, before coord has handed the
	 * tasks over, and a feed should be polled until its revoke, not until shutdown begins. This one is
	 * only shut down when the context's beans are destroyed, after coord's lifecycle has stopped.
	 */
	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService pollerExecutor(SampleProperties properties) {
		ThreadFactory threads = new CustomizableThreadFactory("feed-poller-");
		return Executors.newScheduledThreadPool(properties.getPoller().getThreads(), threads);
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
