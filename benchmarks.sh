#!/usr/bin/env bash
# Builds the benchmarks module and runs every coord benchmark, then regenerates BENCHMARKS.md:
#   1. the planner under JMH (time and allocation),
#   2. churn and balance against four hashing baselines,
#   3. end to end on a local etcd started by the harness (fsync on).
# Usage: ./benchmarks.sh           the full run (about 15 minutes on 2 cores), writes BENCHMARKS.md
#        ./benchmarks.sh --quick   everything small, to check the harness; writes benchmarks/target/results/BENCHMARKS.md
# Needs Java 17+ and etcd (ETCD_BINARY, else etcd on the PATH; on Debian: apt-get install etcd-server).
set -euo pipefail
cd "$(dirname "$0")"

QUICK=false
if [[ "${1:-}" == "--quick" ]]; then
	QUICK=true
fi
OUT=benchmarks/target/results
REPORT=BENCHMARKS.md
if $QUICK; then
	REPORT=$OUT/BENCHMARKS.md
fi
ETCD="${ETCD_BINARY:-$(command -v etcd || true)}"
if [[ -z "$ETCD" ]]; then
	echo "No etcd: set ETCD_BINARY or install etcd (Debian: apt-get install etcd-server)" >&2
	exit 1
fi

RUN_STARTED=$(date +%s)
rm -rf "$OUT"
mkdir -p "$OUT"
COMMANDS="$OUT/commands.md"
{
	echo "| step | command | wall time | load average before → after |"
	echo "|---|---|---|---|"
} > "$COMMANDS"

# Kills the etcd the end-to-end harness started, should its JVM die before it could.
cleanup() {
	local pidfile="$OUT/etcd/etcd.pid"
	if [[ -f "$pidfile" ]]; then
		local pid
		pid=$(cat "$pidfile")
		if [[ -d "/proc/$pid" ]] && grep -q "$OUT/etcd" "/proc/$pid/cmdline" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
		fi
	fi
}
trap cleanup EXIT

load() {
	cut -d' ' -f1 /proc/loadavg
}

# run STEP COMMAND...: runs the command, logs it and its timing into the report's command table.
run() {
	local step="$1"
	shift
	local before started ended
	before=$(load)
	started=$(date +%s)
	local shown="$*"
	if [[ -n "$CP" ]]; then
		shown="${shown//$CP/\$CP}"
	fi
	echo ">>> $step: $shown" >&2
	shown="${shown//|/\\|}"
	"$@"
	ended=$(date +%s)
	echo "| $step | \`$shown\` | $((ended - started)) s | $before → $(load) |" >> "$COMMANDS"
}

{
	echo "date:        $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "commit:      $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
	echo "kernel:      $(uname -srm)"
	echo "cpu:         $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
	echo "nproc:       $(nproc)"
	echo "disk:        $(df -hT . | awk 'NR==2 {print $1, $2}') (etcd's data directory is under benchmarks/target)"
	echo
	echo "\$ free -g"
	free -g
	echo
	echo "\$ java -version"
	java -version 2>&1
	echo
	echo "\$ $ETCD --version"
	"$ETCD" --version
} > "$OUT/machine.txt"

CP=""
run "build" ./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
CP="benchmarks/target/classes:$(cat benchmarks/target/runtime-classpath.txt)"
echo "| | \`CP=benchmarks/target/classes:\$(cat benchmarks/target/runtime-classpath.txt)\` | | |" >> "$COMMANDS"

# 1. Planner. The JVM (and the forks JMH starts) is pinned to one core; 5 warm-up and 5 measured iterations of
# 2 s for each of the 12 size × scenario pairs keep this part near 7 minutes.
if $QUICK; then
	JMH=(-p size=1000x10,100000x1000 -wi 1 -w 1 -i 2 -r 1)
else
	JMH=(-wi 5 -w 2 -i 5 -r 2)
fi
run "planner (JMH)" taskset -c 1 java -cp "$CP" org.openjdk.jmh.Main "PlannerBenchmark|TargetMapBenchmark" "${JMH[@]}" -f 1 -prof gc \
	-rf json -rff "$OUT/jmh.json" -o "$OUT/jmh.log"
run "planner report" java -cp "$CP" dev.coord.benchmarks.report.PlannerReport "$OUT/jmh.json" "$OUT"

# 2. Churn and balance.
run "churn" java -cp "$CP" dev.coord.benchmarks.churn.ChurnComparison "$OUT"

# 3. End to end on etcd.
if $QUICK; then
	E2E=(--quick)
else
	E2E=()
fi
run "end to end" java -Xmx4g -cp "$CP" dev.coord.core.etcd.EndToEndBenchmark "$OUT" "${E2E[@]}"

echo "$(( $(date +%s) - RUN_STARTED ))" > "$OUT/total-seconds.txt"
java -cp "$CP" dev.coord.benchmarks.report.Report "$OUT" "$REPORT"
