#!/usr/bin/env bash
# Installs the Debian 12 packages libflow needs to build, test and run, and
# only those that are missing, so a rerun costs a few dpkg queries. Used by
# tests/run-all.sh and examples/run-main.sh; needs root (or sudo) only when
# something is missing. Set LIBFLOW_NO_APT=1 to skip the install and only
# list what is missing (for other distributions: install the equivalents).
#
# Why each package:
#   build-essential g++ cmake pkg-config   C and C++ toolchain (igraph's CMake
#                                          package demands C++), CMake >= 3.25
#   libigraph-dev libglib2.0-dev           the two libraries libflow is built on
#   libarpack2-dev libglpk-dev libplfit-dev
#                                          Debian's libigraph-dev lists these
#                                          libraries in its CMake package and in
#                                          igraph.pc but does not depend on their
#                                          -dev packages: without them linking
#                                          against igraph fails ("No rule to make
#                                          target .../libarpack.so", "cannot
#                                          find -lglpk")
#   liblzma-dev                            the same for libxml2 (needed by igraph):
#                                          its .pc lists -llzma, which a static
#                                          link (pkg-config --static libflow)
#                                          needs and libxml2-dev does not bring
#   libcmocka-dev                          the C test framework
#   python3 python3-networkx python3-igraph python3-numpy python3-scipy python3-pandas
#                                          the Python binding's tests and the
#                                          reference values they check against
#                                          (networkx only recommends numpy and
#                                          scipy, but its pagerank, hits and
#                                          eigenvector functions import them)
#   libxml2-utils                          xmllint, to validate GraphML/GEXF output
#   graphviz                               dot, to check that exported DOT parses
#   valgrind                               memcheck of the examples (tests/valgrind.cmake)
#   locales                                locale definitions, to check output
#                                          under a decimal-comma locale
#   python3-statsmodels                    the reference for the gravity model:
#                                          PPML coefficients and robust standard
#                                          errors are checked against its Poisson GLM
#   r-cran-sna                             the reference for brokerage expected
#                                          counts and z-scores (sna::brokerage)
#   chromium                               opens the HTML report headless: it must
#                                          load with no console errors
#   fonts-droid-fallback                   a CJK font, so that the report's
#                                          screenshot shows Chinese labels
#                                          (name_zh) as glyphs, not boxes
set -euo pipefail

packages=(
  build-essential g++ cmake pkg-config
  libigraph-dev libarpack2-dev libglpk-dev libplfit-dev liblzma-dev
  libglib2.0-dev libcmocka-dev
  python3 python3-networkx python3-igraph python3-numpy python3-scipy python3-pandas
  libxml2-utils graphviz locales valgrind
  python3-statsmodels r-cran-sna chromium
  fonts-droid-fallback
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-debian: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup-debian: installing ${missing[*]}"
if [ "${LIBFLOW_NO_APT:-0}" = 1 ]; then
  echo "setup-debian: LIBFLOW_NO_APT=1, not installing; missing: ${missing[*]}" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "setup-debian: no apt-get here; install the equivalents of: ${missing[*]}" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || {
    echo "setup-debian: run as root, or install: ${missing[*]}" >&2
    exit 1
  }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
