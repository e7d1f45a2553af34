package dev.coord.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.coord.autoconfigure.Coordinator;
import dev.coord.test.EtcdExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster page at {@code /}, in a real headless Chromium, over two instances of the sample on a real
 * etcd: it shows what each member runs, marks the leader, and follows the cluster when a member stops.
 */
class ClusterPageIntegrationTests {

	private static final int TASKS = 6;

	private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

	private static final AtomicInteger clusters = new AtomicInteger();

	@RegisterExtension
	static final EtcdExtension etcd = EtcdExtension.singleNode();

	@TempDir
	static Path profile;

	private static ChromeDriver browser;

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeAll
	static void startBrowser() {
		browser = Chromium.start(profile);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void showsEveryMemberWithTheTasksItRunsAndMarksTheLeader() {
		String cluster = newCluster();
		ConfigurableApplicationContext alpha = start(cluster, "alpha");
		ConfigurableApplicationContext beta = start(cluster, "beta");
		browser.get(pageOf(alpha));
		await("the page shows each member with the tasks it runs").atMost(PAGE_TIMEOUT)
			.untilAsserted(() -> assertThat(shownTasks()).isEqualTo(runningTasks(alpha, beta))
				.containsOnlyKeys("alpha", "beta")
				.allSatisfy((member, tasks) -> assertThat(tasks).hasSize(TASKS / 2)));
		String leader = alpha.getBean(Coordinator.class).getLeaderId();
		assertThat(leader).isIn("alpha", "beta");
		await("the page marks the leader").atMost(PAGE_TIMEOUT).untilAsserted(() -> assertThat(shownLeaders())
			.containsExactly(leader));
		assertThat(text("#summary")).contains("2 members", TASKS + " tasks", TASKS + " owned", "leader " + leader);
		await("the page lists the feeds its instance polls").atMost(PAGE_TIMEOUT)
			.untilAsserted(() -> assertThat(shownPollers())
				.containsExactlyElementsOf(runningTasks(alpha, beta).get("alpha")));
		assertThat(text("#unassigned")).isEqualTo("none");
		assertThat(text("#handoffs tbody")).isEqualTo("none");
	}

	@Test
	void movesTheTasksOfAMemberThatStopsToTheMembersLeft() {
		String cluster = newCluster();
		ConfigurableApplicationContext alpha = start(cluster, "alpha");
		ConfigurableApplicationContext beta = start(cluster, "beta");
		browser.get(pageOf(alpha));
		await("the page shows both members").atMost(PAGE_TIMEOUT)
			.untilAsserted(() -> assertThat(shownTasks()).containsOnlyKeys("alpha", "beta")
				.allSatisfy((member, tasks) -> assertThat(tasks).hasSize(TASKS / 2)));

		beta.close();
		await("the page shows beta gone and its tasks on alpha").atMost(PAGE_TIMEOUT)
			.untilAsserted(() -> assertThat(shownTasks()).isEqualTo(Map.of("alpha", allTasks())));
		assertThat(shownLeaders()).containsExactly("alpha");
		assertThat(text("#summary")).startsWith("1 member ");
	}

	@Test
	void saysSoWhenTheInstanceServingThePageStops() {
		String cluster = newCluster();
		ConfigurableApplicationContext alpha = start(cluster, "alpha");
		browser.get(pageOf(alpha));
		await("the page shows alpha").atMost(PAGE_TIMEOUT)
			.untilAsserted(() -> assertThat(shownTasks()).isEqualTo(Map.of("alpha", allTasks())));
		assertThat(isShown("#connection")).isFalse();

		alpha.close();
		await("the page says its instance does not answer").atMost(PAGE_TIMEOUT)
			.untilAsserted(() -> assertThat(isShown("#connection")).isTrue());
	}

	private ConfigurableApplicationContext start(String cluster, String memberId) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
				"--server.port=0", "--server.address=127.0.0.1", "--coord.cluster=" + cluster,
				"--coord.member.id=" + memberId, "--coord.etcd.endpoints=" + String.join(",", etcd.endpoints()),
				"--coord.member.lease-ttl=3s", "--sample.seed-tasks=" + TASKS);
		this.instances.add(context);
		return context;
	}

	private static String newCluster() {
		return "page-" + clusters.incrementAndGet();
	}

	private static String pageOf(ConfigurableApplicationContext instance) {
		return "http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port") + "/";
	}

	/** What each instance runs now: its pollers' tasks, by member id. */
	private static Map<String, List<String>> runningTasks(ConfigurableApplicationContext... instances) {
		Map<String, List<String>> tasks = new TreeMap<>();
		for (ConfigurableApplicationContext instance : instances) {
			Coordinator coordinator = instance.getBean(Coordinator.class);
			tasks.put(coordinator.getMemberId(), coordinator.getOwnedTasks().stream().sorted().toList());
		}
		return tasks;
	}

	private static List<String> allTasks() {
		return IntStream.rangeClosed(1, TASKS).mapToObj(TaskSeeder::taskId).toList();
	}

	/** The member cards and their task chips, read in one go: the page redraws twice a second. */
	@SuppressWarnings("unchecked")
	private static Map<String, List<String>> shownTasks() {
		Map<String, List<String>> shown = (Map<String, List<String>>) script("""
				const shown = {};
				document.querySelectorAll('#members .member').forEach((card) => {
				  shown[card.dataset.memberId] = Array.from(card.querySelectorAll('.task:not(.incoming)'))
				    .map((chip) => chip.dataset.taskId).sort();
				});
				return shown;
				""");
		return new TreeMap<>(shown);
	}

	@SuppressWarnings("unchecked")
	private static List<String> shownLeaders() {
		return (List<String>) script("""
				return Array.from(document.querySelectorAll('#members .member.leader'))
				  .filter((card) => card.querySelector('.badge.leader') !== null)
				  .map((card) => card.dataset.memberId);
				""");
	}

	@SuppressWarnings("unchecked")
	private static List<String> shownPollers() {
		return (List<String>) script("""
				return Array.from(document.querySelectorAll('#pollers tbody tr[data-task-id]'))
				  .map((row) => row.dataset.taskId);
				""");
	}

	private static String text(String selector) {
		return (String) script("return document.querySelector(arguments[0]).innerText.trim();", selector);
	}

	private static boolean isShown(String selector) {
		return (Boolean) script("return !document.querySelector(arguments[0]).hidden;", selector);
	}

	private static Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) browser).executeScript(script, arguments);
	}

}
