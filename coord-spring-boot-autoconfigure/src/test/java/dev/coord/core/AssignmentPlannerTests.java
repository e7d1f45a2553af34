package dev.coord.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Properties of {@link AssignmentPlanner} over random clusters: 0 to 8 workers of capacity 1 to 5 (some
 * properties up to 30 workers and 400 tasks), tasks assigned to no worker, one, several, the same one twice or
 * one that is gone, and assignments of tasks that do not exist.
 */
class AssignmentPlannerTests {

	@Property(tries = 3000)
	void everyTaskGetsExactlyOneKnownWorker(@ForAll("anyStates") PlannerState state) {
		Plan plan = state.plan(0);
		if (state.workers().isEmpty()) {
			assertThat(plan.target()).isEmpty();
			return;
		}
		assertThat(plan.target()).containsOnlyKeys(state.tasks().stream().map(PlannerTask::id).toList());
		assertThat(plan.target().values()).allMatch((worker) -> state.workers().stream().anyMatch((w) -> w.id().equals(worker)));
		assertThat(plan.placements()).isEqualTo(state.orphans());
	}

	@Property(tries = 3000)
	void loadsAreWithinOneLargestWeightOfTheirShare(@ForAll("anyStates") PlannerState state) {
		assertThat(state.isBalanced(state.plan(0).target())).as("balanced: %s", state.loads(state.plan(0).target())).isTrue();
	}

	@Property(tries = 3000)
	void equalWeightsMoveExactlyTheLowerBound(@ForAll("unitStates") PlannerState state) {
		int lowerBound = state.workers().isEmpty() ? 0 : KeepableAssignments.minimumMoves(state);
		assertThat(state.plan(0).moves()).isEqualTo(lowerBound);
		assertThat(state.minimumMoves()).isEqualTo(lowerBound);
	}

	@Property(tries = 300)
	void equalWeightsMoveExactlyTheLowerBoundInLargerClusters(@ForAll("largerUnitStates") PlannerState state) {
		equalWeightsMoveExactlyTheLowerBound(state);
	}

	@Property(tries = 2000)
	void mixedWeightsMoveNoFewerThanTheLowerBound(@ForAll("weightedStates") PlannerState state) {
		assertThat(state.plan(0).moves()).isGreaterThanOrEqualTo(state.minimumMoves());
	}

	@Property(tries = 3000)
	void validAssignmentsWithinTheFairShareNeverMove(@ForAll("unitStates") PlannerState state) {
		Plan plan = state.plan(0);
		for (PlannerWorker worker : state.workers()) {
			List<String> sole = soleTasks(state, worker);
			long floor = state.tasks().size() * worker.capacity() / state.totalCapacity();
			long stayed = sole.stream().filter((task) -> plan.target().get(task).equals(worker.id())).count();
			assertThat(stayed).as("tasks staying on %s", worker.id()).isGreaterThanOrEqualTo(Math.min(sole.size(), floor));
		}
	}

	@Property(tries = 3000)
	void workersWithinTheirWeightedShareKeepAllTheirTasks(@ForAll("weightedStates") PlannerState state) {
		Plan plan = state.plan(0);
		for (PlannerWorker worker : state.workers()) {
			List<String> sole = soleTasks(state, worker);
			boolean holdsShared = state.tasks().stream().map(PlannerTask::id)
				.anyMatch((task) -> state.validHolders(task).size() > 1 && state.validHolders(task).contains(worker.id()));
			long load = state.tasks().stream().filter((task) -> sole.contains(task.id())).mapToLong(PlannerTask::weight).sum();
			if (!holdsShared && load * state.totalCapacity() <= state.totalWeight() * worker.capacity()) {
				assertThat(sole).allMatch((task) -> plan.target().get(task).equals(worker.id()));
			}
		}
	}

	@Property(tries = 3000)
	void replanningAPlanChangesNothing(@ForAll("anyStates") PlannerState state) {
		Plan plan = state.plan(0);
		Plan again = state.next(plan).plan(0);
		assertThat(again).isEqualTo(new Plan(plan.target(), 0, 0));
	}

	@Property(tries = 2000)
	void theOrderOfTheInputDoesNotChangeThePlan(@ForAll("anyStates") PlannerState state, @ForAll long seed,
			@ForAll @IntRange(max = 3) int maxMoves) {
		assertThat(state.shuffled(seed).plan(maxMoves)).isEqualTo(state.plan(maxMoves));
	}

	@Property(tries = 2000)
	void aCapLimitsMovesButNotPlacements(@ForAll("anyStates") PlannerState state,
			@ForAll @IntRange(min = 1, max = 5) int maxMoves) {
		Plan plan = state.plan(maxMoves);
		assertThat(plan.moves()).isLessThanOrEqualTo(maxMoves);
		assertThat(plan.target()).hasSize(state.workers().isEmpty() ? 0 : state.tasks().size());
		assertThat(plan.placements()).isEqualTo(state.workers().isEmpty() ? 0 : state.orphans());
		if (state.maxWeight() == 1) {
			assertThat(plan.moves()).as("uses the cap where needed").isEqualTo(Math.min(maxMoves, state.minimumMoves()));
		}
	}

	@Property(tries = 1000)
	void cappedRoundsConvergeToBalance(@ForAll("anyStates") PlannerState state,
			@ForAll @IntRange(min = 1, max = 5) int maxMoves) {
		int lowerBound = state.minimumMoves();
		PlannerState now = state;
		int rounds = 0;
		for (Plan plan = now.plan(maxMoves); plan.moves() > 0 || plan.placements() > 0; plan = now.plan(maxMoves)) {
			now = now.next(plan);
			rounds++;
			assertThat(rounds).isLessThan(500);
		}
		assertThat(now.workers().isEmpty() || now.isBalanced(now.plan(0).target())).isTrue();
		assertThat(now.plan(0).moves()).isZero();
		if (state.maxWeight() == 1) {
			int movingRounds = (lowerBound + maxMoves - 1) / maxMoves;
			assertThat(rounds).isLessThanOrEqualTo(Math.max(movingRounds, (state.orphans() > 0) ? 1 : 0));
		}
	}

	@Property(tries = 2000)
	void aJoinMovesExactlyTheLowerBoundAndOnlyToTheJoinerWhenCapacitiesAreEqual(
			@ForAll("unitStates") PlannerState state, @ForAll @IntRange(min = 1, max = 5) int capacity,
			@ForAll boolean equalCapacities) {
		PlannerState start = equalCapacities ? withCapacity(state, capacity) : state;
		PlannerState before = start.workers().isEmpty() ? start : start.next(start.plan(0));
		List<PlannerWorker> workers = new ArrayList<>(before.workers());
		workers.add(new PlannerWorker("joiner", capacity));
		PlannerState joined = before.withWorkers(workers);
		Plan plan = joined.plan(0);
		assertThat(plan.moves()).isEqualTo(KeepableAssignments.minimumMoves(joined));
		Set<String> givers = new HashSet<>();
		Set<String> takers = new HashSet<>();
		for (PlannerTask task : before.tasks()) {
			Set<String> holders = before.validHolders(task.id());
			if (!holders.isEmpty() && !holders.contains(plan.target().get(task.id()))) {
				givers.addAll(holders);
				takers.add(plan.target().get(task.id()));
			}
		}
		assertThat(givers).filteredOn(takers::contains).as("workers that give and take").isEmpty();
		if (equalCapacities) {
			assertThat(takers).isSubsetOf("joiner");
		}
	}

	/**
	 * A leave can force a move between the others: with capacities 1, 1, 1, 1, 1, 1 and 5 and four tasks, the
	 * big worker's share is 1.82 and it holds 1; when an idle small worker leaves, its share becomes exactly 2.
	 * With equal capacities the shares of those who stay grow by the same amount, and nothing else moves.
	 */
	@Property(tries = 2000)
	void aLeaveMovesExactlyTheLowerBoundAndNothingElseWhenCapacitiesAreEqual(@ForAll("unitStates") PlannerState state,
			@ForAll int pick, @ForAll boolean equalCapacities) {
		if (state.workers().size() < 2) {
			return;
		}
		PlannerState start = equalCapacities ? withCapacity(state, 2) : state;
		PlannerState before = start.next(start.plan(0));
		List<PlannerWorker> workers = new ArrayList<>(before.workers());
		PlannerWorker leaver = workers.remove(Math.floorMod(pick, workers.size()));
		PlannerState left = before.withWorkers(workers);
		Plan plan = left.plan(0);
		assertThat(plan.moves()).isEqualTo(KeepableAssignments.minimumMoves(left));
		assertThat(plan.placements()).isEqualTo(soleTasks(before, leaver).size());
		if (equalCapacities) {
			assertThat(plan.moves()).isZero();
		}
	}

	@Example
	void placesTasksInProportionToCapacityWhenNoneIsAssigned() {
		Plan plan = new AssignmentPlanner(0).plan(tasks(8), List.of(worker("a", 1), worker("b", 3)), Map.of());
		assertThat(countByWorker(plan)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2L, "b", 6L));
		assertThat(plan.placements()).isEqualTo(8);
		assertThat(plan.moves()).isZero();
	}

	@Example
	void movesSevenOfThirtyTasksWhenAFourthWorkerJoinsThree() {
		Map<String, List<String>> current = new HashMap<>();
		IntStream.range(0, 30).forEach((t) -> current.put("task-" + t, List.of("w" + (t % 3))));
		List<PlannerWorker> workers = List.of(worker("w0", 1), worker("w1", 1), worker("w2", 1), worker("w3", 1));
		Plan plan = new AssignmentPlanner(0).plan(tasks(30), workers, current);
		// Shares are 7.5: two of the three keep 8, one keeps 7, and the joiner takes 2 + 2 + 3.
		assertThat(plan.moves()).isEqualTo(7);
		assertThat(AssignmentPlanner.minimumMoves(tasks(30), workers, current)).isEqualTo(7);
		assertThat(countByWorker(plan)).containsEntry("w3", 7L);
		assertThat(countByWorker(plan).values()).containsExactlyInAnyOrder(8L, 8L, 7L, 7L);
	}

	@Example
	void placesOnlyTheLeaversTasksWhenAWorkerLeaves() {
		Map<String, List<String>> current = new HashMap<>();
		IntStream.range(0, 30).forEach((t) -> current.put("task-" + t, List.of("w" + (t % 3))));
		Plan plan = new AssignmentPlanner(0).plan(tasks(30), List.of(worker("w0", 1), worker("w1", 1)), current);
		assertThat(plan.moves()).isZero();
		assertThat(plan.placements()).isEqualTo(10);
		assertThat(countByWorker(plan)).containsExactlyInAnyOrderEntriesOf(Map.of("w0", 15L, "w1", 15L));
	}

	@Example
	void keepsATaskAssignedTwiceOnTheWorkerThatHasRoomForIt() {
		Plan plan = new AssignmentPlanner(0).plan(tasks(2), List.of(worker("a", 1), worker("b", 1)),
				Map.of("task-0", List.of("a", "b"), "task-1", List.of("a")));
		assertThat(plan).isEqualTo(new Plan(Map.of("task-0", "b", "task-1", "a"), 0, 0));
	}

	@Example
	void keepsAWeightedTaskAssignedTwiceOnTheLighterOfItsWorkers() {
		List<PlannerTask> tasks = List.of(new PlannerTask("heavy", 3), new PlannerTask("light", 1),
				new PlannerTask("shared", 2));
		Plan plan = new AssignmentPlanner(0).plan(tasks, List.of(worker("a", 1), worker("b", 1)),
				Map.of("heavy", List.of("b"), "light", List.of("a"), "shared", List.of("a", "b")));
		assertThat(plan).isEqualTo(new Plan(Map.of("heavy", "b", "light", "a", "shared", "a"), 0, 0));
	}

	@Example
	void dropsAssignmentsToUnknownWorkersAndPlacesTheirTasks() {
		Plan plan = new AssignmentPlanner(0).plan(tasks(2), List.of(worker("a", 1), worker("b", 1)),
				Map.of("task-0", List.of("gone"), "task-1", List.of("gone", "a")));
		assertThat(plan).isEqualTo(new Plan(Map.of("task-0", "b", "task-1", "a"), 0, 1));
	}

	@Example
	void ignoresAssignmentsOfTasksThatDoNotExist() {
		Plan plan = new AssignmentPlanner(0).plan(tasks(1), List.of(worker("a", 1)),
				Map.of("task-0", List.of("a"), "deleted", List.of("a")));
		assertThat(plan).isEqualTo(new Plan(Map.of("task-0", "a"), 0, 0));
	}

	@Example
	void returnsAnEmptyPlanWhenThereIsNoWorker() {
		Plan plan = new AssignmentPlanner(0).plan(tasks(3), List.of(), Map.of("task-0", List.of("gone")));
		assertThat(plan).isEqualTo(new Plan(Map.of(), 0, 0));
	}

	@Example
	void placesEveryOrphanEvenBeyondTheMoveCap() {
		Map<String, List<String>> current = new HashMap<>();
		IntStream.range(0, 10).forEach((t) -> current.put("task-" + t, List.of("a")));
		Plan plan = new AssignmentPlanner(1).plan(tasks(16), List.of(worker("a", 1), worker("b", 1)), current);
		assertThat(plan.placements()).isEqualTo(6);
		assertThat(plan.moves()).isEqualTo(1);
		assertThat(countByWorker(plan)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 9L, "b", 7L));
	}

	@Example
	void takesCappedMovesFromTheFullestWorkerToTheEmptiest() {
		Map<String, List<String>> current = new HashMap<>();
		IntStream.range(0, 12).forEach((t) -> current.put("task-" + t, List.of((t < 7) ? "a" : (t < 11) ? "b" : "c")));
		List<PlannerWorker> workers = List.of(worker("a", 1), worker("b", 1), worker("c", 1), worker("d", 1));
		// Shares are 3: a is 4 over, b 1 over, c 2 under and d 3 under.
		Plan plan = new AssignmentPlanner(1).plan(tasks(12), workers, current);
		assertThat(plan.moves()).isEqualTo(1);
		assertThat(countByWorker(plan)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 6L, "b", 4L, "c", 1L, "d", 1L));
	}

	@Example
	void shedsTheHeaviestTaskOfAnOverloadedWorker() {
		List<PlannerTask> tasks = List.of(new PlannerTask("big", 4), new PlannerTask("mid", 3),
				new PlannerTask("small", 2), new PlannerTask("tiny-1", 1), new PlannerTask("tiny-2", 1),
				new PlannerTask("tiny-3", 1));
		Map<String, List<String>> current = new HashMap<>();
		tasks.forEach((task) -> current.put(task.id(), List.of("a")));
		// Shares are 6 and 6, within 4: a at 12 sheds "big" and is at 8, b takes it and is at 4.
		Plan plan = new AssignmentPlanner(0).plan(tasks, List.of(worker("a", 1), worker("b", 1)), current);
		assertThat(plan.moves()).isEqualTo(1);
		assertThat(plan.target()).containsEntry("big", "b");
	}

	@Example
	void rejectsTasksWithTheSameId() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AssignmentPlanner(0)
			.plan(List.of(new PlannerTask("t", 1), new PlannerTask("t", 2)), List.of(worker("a", 1)), Map.of()))
			.withMessageContaining("'t'");
	}

	@Example
	void rejectsANegativeMoveCap() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AssignmentPlanner(-1));
	}

	private static List<PlannerTask> tasks(int count) {
		return IntStream.range(0, count).mapToObj((t) -> new PlannerTask("task-" + t, 1)).toList();
	}

	private static PlannerWorker worker(String id, int capacity) {
		return new PlannerWorker(id, capacity);
	}

	private static Map<String, Long> countByWorker(Plan plan) {
		return plan.target().values().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private static PlannerState withCapacity(PlannerState state, int capacity) {
		return state.withWorkers(state.workers().stream().map((worker) -> new PlannerWorker(worker.id(), capacity)).toList());
	}

	private static List<String> soleTasks(PlannerState state, PlannerWorker worker) {
		return state.tasks()
			.stream()
			.map(PlannerTask::id)
			.filter((task) -> state.validHolders(task).equals(Set.of(worker.id())))
			.toList();
	}

	@Provide
	Arbitrary<PlannerState> unitStates() {
		return states(Arbitraries.just(1), 60, 8);
	}

	@Provide
	Arbitrary<PlannerState> largerUnitStates() {
		return states(Arbitraries.just(1), 400, 30);
	}

	@Provide
	Arbitrary<PlannerState> weightedStates() {
		return states(Arbitraries.integers().between(1, 5), 60, 8);
	}

	@Provide
	Arbitrary<PlannerState> anyStates() {
		return Arbitraries.oneOf(unitStates(), weightedStates(), states(Arbitraries.just(3), 30, 5));
	}

	private static Arbitrary<PlannerState> states(Arbitrary<Integer> weights, int maxTasks, int maxWorkers) {
		Arbitrary<List<Integer>> capacities = Arbitraries.integers().between(1, 5).list().ofMaxSize(maxWorkers);
		Arbitrary<Integer> percent = Arbitraries.integers().between(0, 99);
		Arbitrary<List<Integer>> holders = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(List.of())),
				Tuple.of(8, percent.list().ofSize(1)), Tuple.of(1, percent.list().ofMinSize(2).ofMaxSize(3)));
		Arbitrary<List<Map.Entry<Integer, List<Integer>>>> taskSpecs = Combinators.combine(weights, holders)
			.as(Map::entry)
			.list()
			.ofMaxSize(maxTasks);
		return Combinators.combine(capacities, taskSpecs, percent.list().ofMaxSize(3)).as(PlannerState::of);
	}

}
