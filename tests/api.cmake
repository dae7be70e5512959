# The exported API (STYLE "API shape"): the shared library exports exactly
# the functions that the public headers declare with FLOW_API, no more and
# no fewer, and there are at most FLOW_API_LIMIT of them. One CTest entry,
# `api_exports`: tests/api/check.cmake runs `nm -D --defined-only` on
# libflow.so, parses include/libflow/*.h (and version.h.in) for the FLOW_API
# declarations, compares the two sets and prints the count. The headers are
# read when the test runs, so a new function is checked without re-running
# CMake. ELF platforms only (nm -D).
#
# FLOW_API_LIMIT: the public API stays small (at most 110 functions; 97
# when the per-element getters gave way to flow_network_table() and
# flow_selection_table()). Raised to 125 for the inference, interop, report
# and hardening work (gravity, significance, trends, counterfactuals, imports,
# report, limits): about two functions each. Raise it only with a reason.
set(FLOW_API_LIMIT 125)
if(CMAKE_NM AND CMAKE_SYSTEM_NAME STREQUAL "Linux")
  add_test(NAME api_exports
    COMMAND ${CMAKE_COMMAND}
      -DNM=${CMAKE_NM}
      -DLIBRARY=$<TARGET_FILE:libflow>
      -DSRC_INCLUDE=${PROJECT_SOURCE_DIR}/include
      -DLIMIT=${FLOW_API_LIMIT}
      -P ${CMAKE_CURRENT_SOURCE_DIR}/api/check.cmake)
  set_tests_properties(api_exports PROPERTIES TIMEOUT 120 LABELS "packaging")
endif()
