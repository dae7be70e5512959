#!/usr/bin/env bash
# The `consumer` test: install the built libflow into a scratch prefix and
# build and run programs outside the tree against it, the way a downstream
# user would:
#   1. pkg-config, shared:  cc main.c $(pkg-config --cflags --libs libflow)
#   2. pkg-config, static:  cc main.c $(pkg-config --static --cflags --libs libflow)
#      (against a second prefix holding only libflow.a, since -lflow picks
#      the shared library whenever both are installed side by side)
#   3. CMake, installed package: find_package(libflow CONFIG REQUIRED),
#      libflow::libflow and libflow::libflow_static (tests/consumer/cmake)
#   4. CMake, C-only project: libflow::libflow (tests/consumer/cmake-c-only)
#   5. CMake, build tree: libflow_DIR=<build dir> (export(EXPORT) there)
# Each program checks the library's version against the expected one.
#
# Registered by tests/consumer.cmake; configuration comes in the environment:
#   FLOW_BUILD_DIR  FLOW_WORK_DIR  FLOW_VERSION  FLOW_CMAKE  FLOW_GENERATOR
#   FLOW_CC  FLOW_CXX  FLOW_SANITIZE_FLAGS (extra compile+link flags; the
#   sanitizer build's libflow.a needs the sanitizer runtimes)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${FLOW_BUILD_DIR:?}" "${FLOW_WORK_DIR:?}" "${FLOW_VERSION:?}" "${FLOW_CMAKE:=cmake}"
: "${FLOW_GENERATOR:=Unix Makefiles}" "${FLOW_CC:=cc}" "${FLOW_CXX:=c++}"
: "${FLOW_SANITIZE_FLAGS:=}"
read -r -a san <<<"$FLOW_SANITIZE_FLAGS"

step() { printf '\n=== %s\n' "$*"; }
die() { printf 'consumer: FAIL: %s\n' "$*" >&2; exit 1; }

work=$FLOW_WORK_DIR
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
static_prefix=$work/prefix-static

step "install $FLOW_BUILD_DIR into $prefix"
"$FLOW_CMAKE" --install "$FLOW_BUILD_DIR" --prefix "$prefix"

pc=$(find "$prefix" -name libflow.pc -path '*/pkgconfig/*')
{ [ -n "$pc" ] && [ "$(wc -l <<<"$pc")" -eq 1 ]; } || die "expected one installed libflow.pc, found: '$pc'"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
echo "libflow.pc: $pc"
cat "$pc"

step "pkg-config metadata"
[ "$(pkg-config --modversion libflow)" = "$FLOW_VERSION" ] || die "pkg-config --modversion: $(pkg-config --modversion libflow)"
libdir=$(pkg-config --variable=libdir libflow)
includedir=$(pkg-config --variable=includedir libflow)
case $libdir in "$prefix"/*) ;; *) die "libdir $libdir is not under the install prefix (libflow.pc not relocated)";; esac
case $includedir in "$prefix"/*) ;; *) die "includedir $includedir is not under the install prefix";; esac
[ -f "$includedir/libflow.h" ] || die "no $includedir/libflow.h"
[ -f "$includedir/libflow/version.h" ] || die "no generated $includedir/libflow/version.h"
{ [ -e "$libdir/libflow.so" ] && [ -f "$libdir/libflow.a" ]; } || die "libflow.so / libflow.a missing in $libdir"
grep -q -- '-DFLOW_STATIC' <<<"$(pkg-config --static --cflags libflow)" || die "pkg-config --static --cflags lacks -DFLOW_STATIC"
echo "libdir=$libdir includedir=$includedir"

# Refuse to pass by accident through the build tree or another install.
check_links_to() {  # exe  expected-libflow.so-dir
    local got
    got=$(LD_LIBRARY_PATH=$2 ldd "$1" | awk '/libflow\.so/ {print $3}')
    [ "$(dirname "$(readlink -f "$got")")" = "$(readlink -f "$2")" ] || die "$1 loads libflow from '$got', not from $2"
}
check_static() {  # exe
    # (grep reads captured output: with pipefail, `nm | grep -q` can fail
    # when grep exits first and nm dies of SIGPIPE)
    ! grep -q 'NEEDED.*libflow' <<<"$(readelf -d "$1")" || die "$1 is linked to a shared libflow"
    grep -q ' T flow_network_new$' <<<"$(nm "$1")" || die "$1 does not contain flow_network_new"
}
run() {  # exe [LD_LIBRARY_PATH]
    local out
    out=$(LD_LIBRARY_PATH=${2:-} "$1" "$FLOW_VERSION") || die "$1 failed"
    echo "$1: $out"
    [ "$out" = "libflow $FLOW_VERSION: 3 nodes, 2 flows, 2 edges" ] || die "unexpected output from $1"
}

step "1. pkg-config, shared"
# shellcheck disable=SC2046  # word splitting of pkg-config output is intended
"$FLOW_CC" -std=c99 -Wall -Wextra -Werror "${san[@]}" -o "$work/pc_shared" "$here/main.c" \
    $(pkg-config --cflags --libs libflow)
check_links_to "$work/pc_shared" "$libdir"
run "$work/pc_shared" "$libdir"

step "2. pkg-config --static, against a prefix with only libflow.a"
"$FLOW_CMAKE" --install "$FLOW_BUILD_DIR" --prefix "$static_prefix" >/dev/null
static_pc=$(find "$static_prefix" -name libflow.pc -path '*/pkgconfig/*')
static_libdir=$(PKG_CONFIG_PATH=$(dirname "$static_pc") pkg-config --variable=libdir libflow)
rm -f "$static_libdir"/libflow.so*
flags=$(PKG_CONFIG_PATH=$(dirname "$static_pc") pkg-config --static --cflags --libs libflow)
echo "flags: $flags"
# shellcheck disable=SC2086
"$FLOW_CC" -std=c99 -Wall -Wextra -Werror "${san[@]}" -o "$work/pc_static" "$here/main.c" $flags
check_static "$work/pc_static"
run "$work/pc_static"

cmake_consumer() {  # name source-dir extra-cmake-args...
    local name=$1 src=$2
    shift 2
    "$FLOW_CMAKE" --no-warn-unused-cli -S "$src" -B "$work/$name" -G "$FLOW_GENERATOR" \
        -DCMAKE_C_COMPILER="$FLOW_CC" -DCMAKE_CXX_COMPILER="$FLOW_CXX" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_FLAGS="$FLOW_SANITIZE_FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$FLOW_SANITIZE_FLAGS" \
        -DLIBFLOW_EXPECTED_VERSION="$FLOW_VERSION" "$@"
    "$FLOW_CMAKE" --build "$work/$name"
}

step "3. CMake find_package(libflow) from the install prefix"
unset PKG_CONFIG_PATH
cmake_consumer cmake "$here/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DLIBFLOW_EXPECTED_DIR="$prefix"
check_links_to "$work/cmake/consumer_shared" "$libdir"
run "$work/cmake/consumer_shared" "$libdir"
check_static "$work/cmake/consumer_static"
run "$work/cmake/consumer_static"

step "4. CMake, C-only project, libflow::libflow"
cmake_consumer cmake-c-only "$here/cmake-c-only" -DCMAKE_PREFIX_PATH="$prefix"
check_links_to "$work/cmake-c-only/consumer_c_only" "$libdir"
run "$work/cmake-c-only/consumer_c_only" "$libdir"

step "5. CMake, build tree (libflow_DIR=$FLOW_BUILD_DIR)"
cmake_consumer build-tree "$here/cmake" -Dlibflow_DIR="$FLOW_BUILD_DIR" \
    -DLIBFLOW_EXPECTED_DIR="$FLOW_BUILD_DIR"
check_links_to "$work/build-tree/consumer_shared" "$FLOW_BUILD_DIR"
run "$work/build-tree/consumer_shared" "$FLOW_BUILD_DIR"
check_static "$work/build-tree/consumer_static"
run "$work/build-tree/consumer_static"

printf '\nconsumer: all %s checks passed\n' 5
