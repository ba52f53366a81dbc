#!/bin/sh
# setup.sh — one command from a fresh Debian 12 machine (as root) to a
# result.  Installs the Debian packages tcpcert needs, builds it, then:
#
#   scripts/setup.sh run    builds the release command (build/tcpcert) and runs
#                           the conformance suite (cases/) against the local
#                           Linux kernel, each case in a private namespace
#   scripts/setup.sh test   the same, then builds the sanitizer flavour
#                           (build-asan/) and runs every test with ctest
#
# Exit status: that of the suite or of ctest.
set -eu

cd "$(dirname "$0")/.."
mode=${1:-run}
case "$mode" in
run|test) ;;
*) echo "usage: scripts/setup.sh run|test" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
	echo "scripts/setup.sh: run as root (it installs packages and creates network namespaces)" >&2
	exit 2
fi

packages="build-essential cmake pkg-config clang libpcap-dev libcunit1-dev libmnl-dev
	tshark iproute2 python3 chromium"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "== installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends $missing
fi

jobs=$(nproc)
echo "== building build/tcpcert (release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs" --target tcpcert
echo "== running the conformance suite against the local Linux kernel"
suite=0
build/tcpcert run cases/ --junit build/junit.xml --pcap-dir build/pcap || suite=$?
if [ "$mode" = run ]; then
	exit "$suite"
fi

echo "== building the sanitizer flavour (ASan+UBSan) in build-asan/"
cmake -S . -B build-asan -DTCPCERT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"
echo "== running the tests"
tests=0
(cd build-asan && ctest --output-on-failure -j "$jobs") || tests=$?
if [ "$suite" -ne 0 ]; then
	echo "scripts/setup.sh: the conformance suite failed (exit $suite); see above" >&2
	exit "$suite"
fi
exit "$tests"
