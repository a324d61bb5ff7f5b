#!/bin/sh
# Install the Debian packages chokepoint builds and tests with; does nothing
# when they are all present.
# With --browser, also Chromium for the report's browser test (large, so only
# when asked).
set -e
pkgs="build-essential clang pkg-config libxml2-utils libigraph-dev libcjson-dev libgraphviz-dev libcmocka-dev libxml2-dev libgsl-dev libcsv-dev python3 libplplot-dev plplot-driver-cairo"
# `tools/deps.sh mpi`: Open MPI for `make mpi` (build/chokepoint-mpi) only
[ "${1:-}" = mpi ] && pkgs="libopenmpi-dev openmpi-bin"
missing=""
# man pages rendered by the install test
pkgs="$pkgs man-db groff-base"
[ "${1:-}" = --browser ] && pkgs="$pkgs chromium fonts-dejavu-core"
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "deps: missing packages:$missing; run as root or install them" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
