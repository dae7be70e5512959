# bench_load (tests/bench/): a benchmark program, not a timed test. It times
# flow_io_load against a plain mmap + GHashTable loader and reports speed
# and memory; run it by hand, e.g.
#   build/tests/bench_load --flows 10000000 --runs 5
# Its CTest entries, labelled "bench", are a 10k-flow smoke run and a
# 1M-flow load; they check only that the program runs and both loaders
# agree (flows, nodes, weight sum); they assert no timing.
# Linux only: it reads /proc and forks a process per run.
#
# tests/bench/bench_python_flows.py (not registered, run by hand with
# LIBFLOW_LIBRARY and PYTHONPATH set) times the Python side: net.flows() of
# a million flows, its columns and to_pandas(), next to libflow.load().
# tests/bench/bench_significance.py (likewise by hand) times the
# group_cohesion and brokerage significance tests on random networks.
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  add_executable(bench_load bench/bench_load.c bench/baseline_loader.c)
  set_target_properties(bench_load PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
  target_compile_options(bench_load PRIVATE -Wall -Wextra)
  target_compile_definitions(bench_load PRIVATE _GNU_SOURCE)
  target_link_libraries(bench_load PRIVATE libflow PkgConfig::GLIB m)
  add_test(NAME bench_load_smoke COMMAND bench_load --flows 10000 --nodes 500 --runs 1)
  # A 1M-flow flows.csv loads (and agrees with the baseline); no timing.
  add_test(NAME load_1m_flows COMMAND bench_load --flows 1000000 --nodes 10000 --runs 1)
  set_tests_properties(bench_load_smoke load_1m_flows PROPERTIES LABELS "bench" TIMEOUT 300)
endif()

# bench_graph (tests/bench/): times a selection build and PageRank, min
# cut, bridges, articulation points (and with --leiden a one-trial Leiden)
# on a seeded network, 1M flows over 100k nodes by default; run it by hand,
# e.g. build/tests/bench_graph --runs 5 --leiden. Its CTest entry, labelled
# "bench", is a 20k-flow smoke run that asserts no timing.
add_executable(bench_graph bench/bench_graph.c)
set_target_properties(bench_graph PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
target_compile_options(bench_graph PRIVATE -Wall -Wextra)
target_compile_definitions(bench_graph PRIVATE _GNU_SOURCE)
target_link_libraries(bench_graph PRIVATE libflow)
add_test(NAME bench_graph_smoke COMMAND bench_graph --flows 20000 --nodes 2000 --runs 1 --leiden)
set_tests_properties(bench_graph_smoke PROPERTIES LABELS "bench" TIMEOUT 300)

# bench_gravity (tests/bench/): times a PPML gravity fit (fixed effects,
# log distance) on a seeded sparse network, 10,000 nodes (10^8 ordered
# pairs) by default, and prints its memory; run it by hand, e.g.
# build/tests/bench_gravity --nodes 10000. Its CTest entry, labelled
# "bench", is a 300-node smoke run that asserts no timing.
add_executable(bench_gravity bench/bench_gravity.c)
set_target_properties(bench_gravity PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
target_compile_options(bench_gravity PRIVATE -Wall -Wextra)
target_compile_definitions(bench_gravity PRIVATE _GNU_SOURCE)
target_link_libraries(bench_gravity PRIVATE libflow m)
add_test(NAME bench_gravity_smoke COMMAND bench_gravity --nodes 300)
set_tests_properties(bench_gravity_smoke PROPERTIES LABELS "bench" TIMEOUT 300)
# bench_scale (tests/bench/): libflow at scale side by side with the same
# igraph C calls on the same graph, networkx and python-igraph
# (bench_scale.py, through /usr/bin/python3). One command (README,
# "Performance"; docs/performance.md):
#   build/default/tests/bench_scale S M
# Data sets are generated on demand into build/<preset>/bench-data. Its
# CTest entry, labelled "bench", is a one-run S smoke without Python that
# asserts no timing.
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  add_executable(bench_scale bench/bench_scale.c)
  set_target_properties(bench_scale PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
  target_compile_options(bench_scale PRIVATE -Wall -Wextra)
  target_compile_definitions(bench_scale PRIVATE _GNU_SOURCE
    BENCH_DATA_DIR="${CMAKE_BINARY_DIR}/bench-data"
    BENCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    BENCH_LIBFLOW="$<TARGET_FILE:libflow>"
    $<$<TARGET_EXISTS:flowctl>:BENCH_FLOWCTL="$<TARGET_FILE:flowctl>">)
  target_link_libraries(bench_scale PRIVATE libflow igraph::igraph PkgConfig::GLIB m)
  add_test(NAME bench_scale_smoke
           COMMAND bench_scale --runs 1 --no-python --json bench_scale_smoke.jsonl S)
  set_tests_properties(bench_scale_smoke PROPERTIES LABELS "bench" TIMEOUT 300)
endif()
