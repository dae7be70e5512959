#!/usr/bin/env bash
# The main job, from a fresh Debian 12 (as root, or with sudo): installs the
# missing packages (tests/setup-debian.sh), builds the `default` preset's
# flagship study, study_east_west, and runs it on the bundled data set
# data/china: the direct East->West and West->East flows per factor and year
# against a gravity expectation, the multi-hop capacity among domestic
# regions, and what the programme file adds. Extra arguments go to the study
# (study_east_west --help).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/setup-debian.sh

cmake --preset default
cmake --build --preset default --parallel "$(nproc 2>/dev/null || echo 2)" --target study_east_west
exe=build/default/examples/study_east_west
[ -x "$exe" ] || { echo "run-main: $exe was not built" >&2; exit 1; }
exec "$exe" data/china "$@"
