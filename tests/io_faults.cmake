# io_faults (tests/internal/): the loader under files that change while it
# reads them. It links the static library, so that it reaches the loader's
# internal test hook (libflow/io_internal.h) and changes a file at a fixed
# point of a load: the races of a rewritten or truncated file are replayed
# deterministically, not by timing luck.
add_executable(test_io_faults internal/test_io_faults.c)
set_target_properties(test_io_faults PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
target_compile_options(test_io_faults PRIVATE -Wall -Wextra)
target_compile_definitions(test_io_faults PRIVATE _GNU_SOURCE
  FLOW_TEST_TMPDIR="${CMAKE_CURRENT_BINARY_DIR}")
target_include_directories(test_io_faults PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
  ${PROJECT_SOURCE_DIR}/libflow)
target_link_libraries(test_io_faults PRIVATE libflow_static PkgConfig::CMOCKA m)
add_test(NAME io_faults COMMAND test_io_faults)
set_tests_properties(io_faults PROPERTIES TIMEOUT 300 ENVIRONMENT "CMOCKA_MESSAGE_OUTPUT=stdout")

# io_parallel (tests/internal/): flows.csv parsed on several threads loads
# exactly as on one (network, node and flow order, the first error and its
# place); internal knobs send small files through the parallel path.
add_executable(test_io_parallel internal/test_io_parallel.c)
set_target_properties(test_io_parallel PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
target_compile_options(test_io_parallel PRIVATE -Wall -Wextra)
target_compile_definitions(test_io_parallel PRIVATE _GNU_SOURCE
  FLOW_TEST_TMPDIR="${CMAKE_CURRENT_BINARY_DIR}"
  FLOW_TEST_FIXTURES="${CMAKE_CURRENT_SOURCE_DIR}/fixtures")
target_include_directories(test_io_parallel PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
  ${PROJECT_SOURCE_DIR}/libflow)
target_link_libraries(test_io_parallel PRIVATE libflow_static PkgConfig::CMOCKA PkgConfig::GLIB m)
add_test(NAME io_parallel COMMAND test_io_parallel)
set_tests_properties(io_parallel PROPERTIES TIMEOUT 300 ENVIRONMENT "CMOCKA_MESSAGE_OUTPUT=stdout")
