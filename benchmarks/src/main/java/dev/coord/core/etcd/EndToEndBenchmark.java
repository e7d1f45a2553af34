package dev.coord.core.etcd;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.coord.benchmarks.etcd.EtcdServer;
import dev.coord.benchmarks.report.Goal;
import io.etcd.jetcd.Client;

/**
 * The end-to-end benchmarks on a real etcd, in one run against one etcd started here with fsync on: the
 * floor, graceful handoffs, crash failover, cold start, and the leader at scale. Writes {@code e2e.md} and
 * {@code e2e.goals.tsv} to the output directory.
 * <p>
 * Usage: {@code EndToEndBenchmark <output directory> [--quick] [--parts=floor,handoff,failover,coldstart,leader]};
 * {@code --quick} runs each part small, to check the harness; {@code --parts} runs only some parts (the floor
 * always runs: the handoff is reported against it).
 */
public final class EndToEndBenchmark {

	private EndToEndBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path out = Path.of(args[0]);
		boolean quick = List.of(args).contains("--quick");
		List<String> parts = List.of(args)
			.stream()
			.filter((arg) -> arg.startsWith("--parts="))
			.findFirst()
			.map((arg) -> List.of(arg.substring("--parts=".length()).split(",")))
			.orElse(List.of("floor", "handoff", "failover", "coldstart", "leader"));
		Files.createDirectories(out);
		List<Section> sections = new ArrayList<>();
		String etcdCommand;
		try (EtcdServer etcd = EtcdServer.start(out.resolve("etcd"));
				Client admin = Client.builder().endpoints(etcd.endpoint()).build();
				Client watcher = Client.builder().endpoints(etcd.endpoint()).build()) {
			etcdCommand = etcd.commandForReport();
			FloorBenchmark floor = new FloorBenchmark(quick ? 50 : 300, quick ? 200 : 2000);
			sections.add(timed("floor", () -> floor.run(admin, watcher)));
			if (parts.contains("handoff"))
			sections.add(timed("handoff", () -> new HandoffBenchmark(etcd.endpoint(), quick ? 2 : 12, quick ? 5 : 30).run(admin, floor)));
			if (parts.contains("failover"))
			sections.add(timed("failover", () -> new FailoverBenchmark(etcd.endpoint(), quick ? 1 : 3).run(admin)));
			if (parts.contains("coldstart"))
			sections.add(timed("cold start", () -> new ColdStartBenchmark(etcd, quick ? 2000 : 10_000, 20).run(admin)));
			if (parts.contains("leader"))
			sections.add(timed("leader", () -> new LeaderBenchmark(etcd, quick ? 10_000 : 100_000, 100, "1g").run(admin,
					out)));
		}
		StringBuilder md = new StringBuilder();
		md.append("etcd for these runs (one member, data on the local ext4 disk, fsync on):\n\n```\n")
			.append(etcdCommand)
			.append("\n```\n\n");
		List<Goal> goals = new ArrayList<>();
		for (Section section : sections) {
			md.append("### ").append(section.title()).append("\n\n").append(section.markdown()).append("\n");
			goals.addAll(section.goals());
		}
		Files.writeString(out.resolve("e2e.md"), md.toString(), StandardCharsets.UTF_8);
		Goal.write(out.resolve("e2e.goals.tsv"), goals);
		System.out.println(md);
		System.exit(0);
	}

	private interface Part {

		Section run() throws Exception;

	}

	private static Section timed(String name, Part part) throws Exception {
		long started = System.nanoTime();
		System.err.println("== " + name + " ...");
		Section section = part.run();
		System.err.printf("== %s done in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
		return section;
	}

}
