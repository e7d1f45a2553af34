package dev.coord.benchmarks.planner;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import dev.coord.benchmarks.planner.PlannerInputs.Scenario;
import dev.coord.core.AssignmentPlanner;
import dev.coord.core.Plan;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One uncapped planner round, as the leader runs it on every change: from the planner's input collections
 * to the {@link Plan} (ranking, sticky quotas, placement, and the target map). The inputs are built once
 * per trial and never changed, so every invocation plans the same event. Time is the average per plan;
 * run with {@code -prof gc} for the bytes allocated per plan ({@code gc.alloc.rate.norm}).
 * <p>
 * The defaults below are what {@code ./benchmarks.sh} runs; it pins the JVM to one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms4g", "-Xmx4g", "-XX:+UseSerialGC" })
public class PlannerBenchmark {

	/** Tasks × workers. */
	@Param({ "1000x10", "100000x1000", "1000000x10000" })
	public String size;

	@Param({ "COLD_START", "ONE_JOIN", "ONE_LEAVE", "CHURN_10" })
	public Scenario scenario;

	private PlannerInputs inputs;

	private AssignmentPlanner planner;

	@Setup(Level.Trial)
	public void setUp() {
		String[] parts = this.size.split("x");
		this.inputs = PlannerInputs.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), this.scenario, 42);
		this.planner = new AssignmentPlanner(0);
	}

	@Benchmark
	public Plan plan(CpuTime cpu) {
		long before = CpuTime.processCpuNanos();
		Plan plan = this.planner.plan(this.inputs.tasks(), this.inputs.workers(), this.inputs.current());
		cpu.cpuNanos += CpuTime.processCpuNanos() - before;
		cpu.plans++;
		return plan;
	}

	/**
	 * CPU time of the whole JVM spent in plans, and the number of plans, summed per iteration: their ratio is
	 * the CPU time per plan.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class CpuTime {

		private static final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();

		public long cpuNanos;

		public long plans;

		@Setup(Level.Iteration)
		public void reset() {
			this.cpuNanos = 0;
			this.plans = 0;
		}

		static long processCpuNanos() {
			return os.getProcessCpuTime();
		}

	}

}
