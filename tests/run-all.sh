#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 (as root, or with sudo):
# installs the missing packages (tests/setup-debian.sh), then for the CMake
# presets `default` (RelWithDebInfo) and `asan` (Debug, AddressSanitizer +
# UndefinedBehaviorSanitizer) configures, builds and runs CTest. Both presets
# run even if the first fails; the exit status is non-zero if either failed.
# Build trees: build/default and build/asan.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/setup-debian.sh

jobs=$(nproc 2>/dev/null || echo 2)
failed=()
for preset in default asan; do
  echo "=== preset $preset"
  # (an &&-chain, not `if ! ...`: set -e is off inside a tested command)
  cmake --preset "$preset" &&
    cmake --build --preset "$preset" --parallel "$jobs" &&
    ctest --preset "$preset" -j2 --output-on-failure ||
    failed+=("$preset")
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "run-all: FAILED preset(s): ${failed[*]}" >&2
  exit 1
fi
echo "run-all: presets default and asan passed"
