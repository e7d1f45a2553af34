#!/usr/bin/env bash
# coord in two minutes: three instances of the sample app share 12 tasks through a local etcd; one is
# killed with kill -9, a fourth joins, one stops gracefully; a table of who owns what after each step.
#
#   ./demo.sh           play the scenario, then stop everything it started
#   ./demo.sh --keep    play the scenario, then leave the cluster running and print the page's address
#   ./demo.sh --stop    stop a cluster that --keep left running
#
# Needs Java 17+, and etcd (Debian's etcd-server is installed when missing and apt-get can). Uses ports
# 8081-8084 and a free port for etcd; keeps everything under target/demo/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEMO="$ROOT/target/demo"
TASKS=12
LEASE_TTL=5
PORTS=(8081 8082 8083 8084)
STEP_TIMEOUT=90

KEEP=false
case "${1:-}" in
	"") ;;
	--keep) KEEP=true ;;
	--stop) STOP_ONLY=true ;;
	-h | --help)
		sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "demo.sh: unknown option '$1' (try --help)" >&2
		exit 2
		;;
esac

START_MS=$(date +%s%3N)
declare -A PID=()      # name -> pid of what this run started
ETCD_PID=""
CLEANED=false

say() { printf '%s\n' "$*"; }
step() { printf '\n==> %s\n' "$*"; }
fail() {
	printf '\ndemo.sh: %s\n' "$*" >&2
	exit 1
}
now_ms() { date +%s%3N; }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f s", (b - a) / 1000 }'; }

# --- processes -------------------------------------------------------------------------------------

# A pid of ours: alive, and its command line names this demo's directory (never a recycled pid).
is_ours() {
	local pid="$1"
	[[ -n "$pid" ]] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$DEMO"
}

# SIGTERM, up to 30 s for a graceful exit, then SIGKILL.
stop_pid() {
	local pid="$1" i
	is_ours "$pid" || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 300; i++)); do
		is_ours "$pid" || break
		sleep 0.1
	done
	if is_ours "$pid"; then
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

record_pids() {
	local name
	: >"$DEMO/pids"
	for name in "${!PID[@]}"; do
		echo "${PID[$name]} $name" >>"$DEMO/pids"
	done
	[[ -n "$ETCD_PID" ]] && echo "$ETCD_PID etcd" >>"$DEMO/pids"
	return 0
}

# Stops what a kept demo left running, as recorded in target/demo/pids.
stop_kept() {
	local pid name
	[[ -f "$DEMO/pids" ]] || return 0
	while read -r pid name; do
		if is_ours "$pid"; then
			say "stopping $name (pid $pid)"
			stop_pid "$pid"
		fi
	done < <(grep -v ' etcd$' "$DEMO/pids"; grep ' etcd$' "$DEMO/pids")
	rm -f "$DEMO/pids"
}

clean_up() {
	local name
	$CLEANED && return
	CLEANED=true
	if $KEEP && [[ "${SCENARIO_DONE:-false}" == true ]]; then
		return
	fi
	step "Stopping the instances and etcd that this run started"
	for name in "${!PID[@]}"; do
		stop_pid "${PID[$name]}"
	done
	stop_pid "$ETCD_PID"
	rm -f "$DEMO/pids"
}

if [[ "${STOP_ONLY:-false}" == true ]]; then
	if [[ ! -f "$DEMO/pids" ]]; then
		say "demo.sh: no kept demo to stop"
		exit 0
	fi
	stop_kept
	say "stopped"
	exit 0
fi

# --- what the demo needs ---------------------------------------------------------------------------

as_root() {
	if [[ "$(id -u)" -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo -n "$@"
	else
		return 1
	fi
}

# Installs Debian packages where apt-get exists and we may use it.
apt_install() {
	command -v apt-get >/dev/null 2>&1 || return 1
	as_root true || return 1
	say "    installing $* with apt-get"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || return 1
}

find_etcd() {
	if [[ -n "${ETCD_BINARY:-}" ]]; then
		[[ -x "$ETCD_BINARY" ]] || fail "ETCD_BINARY=$ETCD_BINARY is not an executable file"
		ETCD="$ETCD_BINARY"
	elif command -v etcd >/dev/null 2>&1; then
		ETCD="$(command -v etcd)"
	elif [[ -x /usr/bin/etcd ]]; then
		ETCD=/usr/bin/etcd
	else
		say "    no etcd on this machine"
		apt_install etcd-server && command -v etcd >/dev/null 2>&1 || fail "this demo needs etcd, and none was found
or could be installed. Install it, then run ./demo.sh again:
  Debian/Ubuntu:  sudo apt-get install -y etcd-server
  elsewhere:      https://github.com/etcd-io/etcd/releases (put etcd on the PATH or export ETCD_BINARY)"
		ETCD="$(command -v etcd)"
	fi
}

check_tools() {
	command -v java >/dev/null 2>&1 || fail "this demo needs Java 17 or later (Debian: sudo apt-get install -y openjdk-17-jdk)"
	local version
	version="$(java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1") ? v[2] : v[1]; exit }')"
	[[ "${version:-0}" -ge 17 ]] || fail "this demo needs Java 17 or later; 'java' is version ${version:-unknown}"
	if ! command -v curl >/dev/null 2>&1; then
		apt_install curl || fail "this demo needs curl (Debian: sudo apt-get install -y curl)"
	fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
	local port
	for ((port = $1; port < $1 + 200; port++)); do
		port_in_use "$port" || { echo "$port"; return; }
	done
	fail "no free port from $1 to $(($1 + 199))"
}

# --- the cluster -----------------------------------------------------------------------------------

build() {
	JAR="$(ls "$ROOT"/sample-app/target/sample-app-*.jar 2>/dev/null | grep -v -- '-plain\|\.original' | head -n 1 || true)"
	if [[ -n "$JAR" ]] && [[ -z "$(cd "$ROOT" && find . -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' \
		-o -path '*/src/main/resources/*' \) -newer "$JAR" -print -quit)" ]]; then
		step "Sample app is built: ${JAR#"$ROOT"/}"
		return
	fi
	step "Building the sample app: ./mvnw -q -DskipTests package -pl sample-app -am"
	local started
	started=$(now_ms)
	(cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl sample-app -am) || fail "the build failed (see above)"
	JAR="$(ls "$ROOT"/sample-app/target/sample-app-*.jar | grep -v -- '-plain\|\.original' | head -n 1)"
	say "    built ${JAR#"$ROOT"/} in $(seconds_since "$started")"
}

start_etcd() {
	ETCD_PORT=$(free_port 23790)
	local peer
	peer=$(free_port $((ETCD_PORT + 1)))
	ENDPOINT="http://127.0.0.1:$ETCD_PORT"
	step "Starting etcd $("$ETCD" --version | awk '/^etcd Version/ { print $3 }') on $ENDPOINT (data in ${DEMO#"$ROOT"/}/etcd)"
	${SETSID} "$ETCD" --name demo --data-dir "$DEMO/etcd" \
		--listen-client-urls "$ENDPOINT" --advertise-client-urls "$ENDPOINT" \
		--listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
		--initial-cluster "demo=http://127.0.0.1:$peer" >"$DEMO/etcd.log" 2>&1 &
	ETCD_PID=$!
	record_pids
	local i
	for ((i = 0; i < 100; i++)); do
		curl -fs "$ENDPOINT/health" 2>/dev/null | grep -q '"health":"true"' && return
		kill -0 "$ETCD_PID" 2>/dev/null || fail "etcd exited: $(tail -n 5 "$DEMO/etcd.log")"
		sleep 0.1
	done
	fail "etcd did not become healthy within 10 s: $(tail -n 5 "$DEMO/etcd.log")"
}

# Starts instance node-PORT; setsid puts it in a session of its own, away from the terminal's Ctrl-C.
start_instance() {
	local port="$1" name="node-$1"
	port_in_use "$port" && fail "port $port is in use; the demo needs ports ${PORTS[*]}
(a demo left running with --keep stops with ./demo.sh --stop)"
	${SETSID} java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -jar "$JAR" \
		--server.port="$port" \
		--coord.etcd.endpoints="$ENDPOINT" \
		--coord.cluster=demo \
		--coord.member.id="$name" \
		--coord.member.lease-ttl="${LEASE_TTL}s" \
		--sample.seed-tasks="$TASKS" \
		--sample.journal.path="$DEMO/$name.journal" \
		>"$DEMO/$name.log" 2>&1 &
	PID[$name]=$!
	record_pids
}

alive_ports() {
	local port
	for port in "${PORTS[@]}"; do
		[[ -n "${PID[node-$port]:-}" ]] && kill -0 "${PID[node-$port]}" 2>/dev/null && echo "$port"
	done
	return 0
}

table() { curl -fs --max-time 2 "http://127.0.0.1:$1/cluster.txt" 2>/dev/null; }

field() { sed -n '1p' <<<"$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# Waits until the instance on $1 sees $2 members, every task owned, nothing moving, and balance.
await_settled() {
	local port="$1" members="$2" deadline view=""
	deadline=$(($(now_ms) + STEP_TIMEOUT * 1000))
	while (($(now_ms) < deadline)); do
		view="$(table "$port" || true)"
		if [[ -n "$view" && "$(field "$view" members)" == "$members" && "$(field "$view" tasks)" == "$TASKS" &&
			"$(field "$view" owned)" == "$TASKS" && "$(field "$view" unassigned)" == 0 &&
			"$(field "$view" moving)" == 0 && "$(field "$view" balanced)" == yes ]]; then
			VIEW="$view"
			return
		fi
		sleep 0.25
	done
	say "last view of node-$port:"
	say "${view:-(no answer)}"
	for name in "${!PID[@]}"; do
		say "--- $DEMO/$name.log (last lines)"
		tail -n 15 "$DEMO/$name.log" || true
	done
	fail "the cluster did not settle within ${STEP_TIMEOUT} s"
}

show() { sed 's/^/    /' <<<"$VIEW"; }

# The number of tasks a member owns, from the table (its leader mark, if any, is a column of its own).
tasks_of() { tail -n +3 <<<"$VIEW" | awk -v m="$1" '{ i = ($1 == "*") ? 2 : 1 } $i == m { print $(i + 3) }'; }

# --- the journals ----------------------------------------------------------------------------------

# Merges every journal by System.nanoTime() (one clock for all processes of the machine) and checks
# that no task was active on two members at once and that fencing tokens only grew. A killed member
# writes no REVOKED: its tasks count as stopped from the moment it was killed ($KILLED at $KILLED_MS).
check_journals() {
	cat "$DEMO"/*.journal | sort -n -k1,1 | awk -v killed="$KILLED" -v killed_ms="$KILLED_MS" '
		!cut && killed != "" && $2 >= killed_ms {
			for (t in owner) if (owner[t] == killed) delete owner[t]
			cut = 1
		}
		$4 == "ASSIGNED" {
			assigned++
			if (!($5 in seen)) { seen[$5] = 1; tasks++ }
			if (($5 in owner) && owner[$5] != "") { overlaps++; print "    OVERLAP: " $5 " on " owner[$5] " and " $3 }
			if (($5 in token) && $6 + 0 <= token[$5] + 0) { stale++; print "    TOKEN DID NOT GROW: " $0 }
			if ($5 in released) { gaps[++handoffs] = ($1 - released[$5]) / 1e6; delete released[$5] }
			owner[$5] = $3; token[$5] = $6
			if (!($3 in member)) { member[$3] = 1; members++ }
		}
		$4 == "REVOKED" {
			revoked++
			if (owner[$5] == $3) delete owner[$5]
			if ($7 == "REASSIGNED" || $7 == "SHUTDOWN") released[$5] = $1
		}
		$4 == "LEADER_GRANTED" { leaders++ }
		END {
			printf "    %d members owned %d tasks %d times in all (%d revokes, %d leaderships)\n", members, tasks, assigned, revoked, leaders
			printf "    a task active on two members at once: %s\n", overlaps ? overlaps " times" : "never"
			printf "    fencing tokens: %s\n", stale ? stale " did not grow" : "grew with every new owner of every task"
			if (handoffs) {
				for (i = 2; i <= handoffs; i++) for (j = i; j > 1 && gaps[j - 1] > gaps[j]; j--) { g = gaps[j]; gaps[j] = gaps[j - 1]; gaps[j - 1] = g }
				printf "    graceful handoffs: %d; from the old owner stopping to the new one starting: median %.1f ms, longest %.1f ms\n", handoffs, gaps[int((handoffs + 1) / 2)], gaps[handoffs]
			}
			exit (overlaps || stale) ? 1 : 0
		}'
}

# --- the scenario ----------------------------------------------------------------------------------

main() {
	trap clean_up EXIT
	trap 'exit 130' INT TERM
	SETSID=""
	command -v setsid >/dev/null 2>&1 && SETSID=setsid

	say "coord demo: ${#PORTS[@]} instances of sample-app share $TASKS tasks through etcd"
	stop_kept
	check_tools
	find_etcd
	build
	rm -rf "$DEMO"
	mkdir -p "$DEMO"
	start_etcd

	step "Starting 3 instances on ports 8081, 8082, 8083 (lease TTL ${LEASE_TTL} s, $TASKS tasks)"
	local started
	started=$(now_ms)
	start_instance 8081
	start_instance 8082
	start_instance 8083

	await_settled 8081 3
	local leader page
	leader="$(field "$VIEW" leader)"
	step "[1/4] All three up: every task owned, $((TASKS / 3)) each ($(seconds_since "$started") after start; * = leader)"
	show
	for page in 8083 8082 8081; do
		[[ "node-$page" != "$leader" ]] && break
	done
	say "    live page: http://localhost:$page/   (every instance serves it)"

	local victim="${leader#node-}" lost
	lost="$(tasks_of "$leader" | head -n 1)"
	step "[2/4] kill -9 $leader, the leader, which ran $lost tasks"
	kill -KILL "${PID[$leader]}"
	wait "${PID[$leader]}" 2>/dev/null || true
	KILLED="$leader"
	KILLED_MS=$(now_ms)
	local watcher
	watcher="$(alive_ports | head -n 1)"
	await_settled "$watcher" 2
	say "    a new leader took over and its tasks run again after $(seconds_since "$KILLED_MS") (lease TTL ${LEASE_TTL} s)"
	show

	step "[3/4] A fourth instance, node-8084, joins"
	started=$(now_ms)
	start_instance 8084
	await_settled "$watcher" 3
	say "    it took its share $(seconds_since "$started") after start; the others gave up only what it needed"
	show

	local quitter="" port
	for port in $(alive_ports); do
		[[ "$port" != 8084 && "$port" != "$page" ]] && quitter="$port" && break
	done
	[[ -n "$quitter" ]] || quitter="$(alive_ports | grep -v 8084 | head -n 1)"
	step "[4/4] node-$quitter stops gracefully (SIGTERM)"
	started=$(now_ms)
	kill -TERM "${PID[node-$quitter]}"
	wait "${PID[node-$quitter]}" 2>/dev/null || true
	say "    it handed its tasks over and exited in $(seconds_since "$started")"
	await_settled "$(alive_ports | head -n 1)" 2
	show

	step "What the ownership journals say (${DEMO#"$ROOT"/}/*.journal)"
	check_journals || fail "the journals show a broken guarantee"

	SCENARIO_DONE=true
	if $KEEP; then
		page="$(alive_ports | tail -n 1)"
		step "The cluster keeps running: $(alive_ports | sed 's/^/node-/' | tr '\n' ' ')and etcd at $ENDPOINT"
		say "    live page:  http://localhost:$page/"
		say "    table:      curl -s localhost:$page/cluster.txt"
		say "    journals:   ${DEMO#"$ROOT"/}/*.journal, logs: ${DEMO#"$ROOT"/}/*.log"
		say "    stop it:    ./demo.sh --stop"
	else
		clean_up
	fi
	say ""
	say "Done in $(seconds_since "$START_MS")."
}

main
