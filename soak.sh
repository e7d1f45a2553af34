#!/usr/bin/env bash
# The long fault soak (the README's "The fault-injection suite"): five members of the sample on a 3-node etcd, faults drawn at random
# from a seed for the given time, then the checker's report.
#
#   ./soak.sh --seed 42 --minutes 30 [--lease-ttl 5]
#
# Without --seed a random one is drawn (the report prints it: replay a run with the same seed).
# --lease-ttl sets coord.member.lease-ttl in seconds (default 5).
# The run's history and report stay in fault-tests/target/faults/soak-seed<seed>-<time>/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

usage() {
	sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
}

seed=""
minutes=30
ttl=""
while [[ $# -gt 0 ]]; do
	case "$1" in
		--seed) seed="${2:-}"; shift 2 ;;
		--seed=*) seed="${1#*=}"; shift ;;
		--minutes) minutes="${2:-}"; shift 2 ;;
		--minutes=*) minutes="${1#*=}"; shift ;;
		--lease-ttl) ttl="${2:-}"; shift 2 ;;
		--lease-ttl=*) ttl="${1#*=}"; shift ;;
		-h|--help) usage; exit 0 ;;
		*) echo "soak.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
if [[ -z "$seed" ]]; then
	seed=$(( (RANDOM << 15 | RANDOM) % 1000000 ))
fi
if ! [[ "$seed" =~ ^[0-9]+$ && "$minutes" =~ ^[0-9]+$ && "$minutes" -ge 1 && "$ttl" =~ ^[0-9]*$ ]]; then
	echo "soak.sh: --seed takes a whole number, --minutes and --lease-ttl whole numbers of at least 1" >&2
	exit 2
fi

echo "soak.sh: seed $seed, $minutes minutes of faults (plus the build and about a minute to start and check)" >&2
# test.sh makes sure etcd is there, then runs ./mvnw -B verify with these arguments: only the checker's unit
# tests and the soak run; the test time limits lifted to fit the soak.
exec ./test.sh -pl fault-tests -am \
	-Dtest='FaultChecker*' -Dsurefire.failIfNoSpecifiedTests=false \
	-Dit.test=FaultSoakIntegrationTests -Dfailsafe.failIfNoSpecifiedTests=false \
	-Dfaults.seed="$seed" -Dfaults.minutes="$minutes" -Dfaults.lease-ttl="$ttl" \
	-Dcoord.test.timeout="$((minutes + 20))m" -Dsurefire.timeout=0
