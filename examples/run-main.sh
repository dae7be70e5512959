#!/usr/bin/env bash
# The main job, from a fresh Debian 12 (as root, or with sudo): installs the
# missing packages (tests/setup-debian.sh), builds the `default` preset's
# china_summary example and runs it on the bundled data set data/china.
# Extra arguments go to china_summary.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/setup-debian.sh

cmake --preset default
cmake --build --preset default --parallel "$(nproc 2>/dev/null || echo 2)" --target china_summary
exe=build/default/examples/china_summary
[ -x "$exe" ] || { echo "run-main: $exe was not built" >&2; exit 1; }
exec "$exe" data/china "$@"
