# Header self-containment (STYLE rule 23, after libgit2's headertest): every
# public header, compiled alone as C99 and as C++11 with
# -Wall -Wextra -pedantic -Werror, pulls in no GLib or igraph header, has the
# LIBFLOW_<MODULE>_H guard, includes only what rule 8 allows, and is reached
# from the umbrella libflow.h. One CTest entry, `headers`; the headers are
# listed when the test runs, so a new module header is checked without
# re-running CMake. The script is tests/headers/check.cmake.
add_test(NAME headers
  COMMAND ${CMAKE_COMMAND}
    -DSRC_INCLUDE=${PROJECT_SOURCE_DIR}/include
    -DBIN_INCLUDE=${PROJECT_BINARY_DIR}/include
    -DC_COMPILER=${CMAKE_C_COMPILER}
    -DCXX_COMPILER=${CMAKE_CXX_COMPILER}
    -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/headers
    -P ${CMAKE_CURRENT_SOURCE_DIR}/headers/check.cmake)
set_tests_properties(headers PROPERTIES TIMEOUT 300 LABELS "packaging")
