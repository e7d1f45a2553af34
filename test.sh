#!/usr/bin/env bash
# Builds coord and runs every test. The integration tests need etcd: see the README, "Testing".
# Arguments go to Maven, e.g.  ./test.sh -pl coord-spring-boot-autoconfigure -Dtest='EtcdExtension*'
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

has_etcd() {
	if [[ -n "${ETCD_BINARY:-}" ]]; then
		if [[ ! -f "$ETCD_BINARY" || ! -x "$ETCD_BINARY" ]]; then
			echo "test.sh: ETCD_BINARY=$ETCD_BINARY is not an executable file; point it at etcd or unset it." >&2
			exit 1
		fi
		return 0
	fi
	command -v etcd >/dev/null 2>&1
}

has_docker() {
	command -v docker >/dev/null 2>&1 || return 1
	if command -v timeout >/dev/null 2>&1; then
		timeout 20 docker info >/dev/null 2>&1
	else
		docker info >/dev/null 2>&1
	fi
}

# apt_install REASON PACKAGE...: installs Debian packages, as root or with passwordless sudo, saying why;
# fails when neither is possible.
apt_install() {
	local reason="$1" sudo=""
	shift
	command -v apt-get >/dev/null 2>&1 || return 1
	if [[ "$(id -u)" -ne 0 ]]; then
		command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 1
		sudo="sudo -n"
	fi
	echo "test.sh: $reason; installing it: apt-get update && apt-get install -y $*" >&2
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# Docker serves a single member only: CI (CI=true) installs Debian's etcd-server even where Docker runs.
if ! has_etcd && { [[ "${CI:-false}" == "true" ]] || ! has_docker; }; then
	if ! apt_install "no etcd found" etcd-server || ! command -v etcd >/dev/null 2>&1; then
		if ! has_docker; then
			cat >&2 <<'MESSAGE'
test.sh: the integration tests need etcd, and this machine has none: no etcd on the PATH,
ETCD_BINARY is not set, and no Docker daemon answers (for the single-member container fallback).
Install etcd, then run ./test.sh again:
  Debian/Ubuntu:  sudo apt-get install -y etcd-server
  elsewhere:      download etcd from https://github.com/etcd-io/etcd/releases, unpack it,
                  and put etcd on the PATH or export ETCD_BINARY=/path/to/etcd
MESSAGE
			exit 1
		fi
		echo "test.sh: cannot install etcd here; multi-member tests will fail on Docker's single member" >&2
	fi
fi

# The sample's browser test (ClusterPageIntegrationTests) drives Debian's Chromium and its driver.
if [[ -z "${CHROMIUM_BINARY:-}" && ! ( -x /usr/bin/chromium && -x /usr/bin/chromedriver ) ]]; then
	apt_install "no Chromium for the browser test" chromium chromium-driver \
		|| echo "test.sh: cannot install Chromium here; the browser test will fail." \
		"Install it: sudo apt-get install -y chromium chromium-driver" >&2
fi

if has_etcd; then
	echo "test.sh: $("${ETCD_BINARY:-etcd}" --version | head -n 1) at $(command -v "${ETCD_BINARY:-etcd}")" >&2
else
	echo "test.sh: no etcd binary; the tests run etcd in Docker (single member only)" >&2
fi
exec ./mvnw -B verify "$@"
