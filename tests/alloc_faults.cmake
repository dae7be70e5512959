# alloc_faults (tests/internal/): allocation failure injected at each
# allocation of the loader and of every analysis in turn. It links the
# static library so that its own definitions of GLib's g_try_* allocators
# (and of malloc for igraph's calls) take the library's calls: see the
# header comment of internal/test_alloc_faults.c and HACKING.md.
add_executable(test_alloc_faults internal/test_alloc_faults.c)
set_target_properties(test_alloc_faults PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
target_compile_options(test_alloc_faults PRIVATE -Wall -Wextra)
target_compile_definitions(test_alloc_faults PRIVATE _GNU_SOURCE
  FLOW_TEST_FIXTURES="${CMAKE_CURRENT_SOURCE_DIR}/fixtures"
  FLOW_TEST_TMPDIR="${CMAKE_CURRENT_BINARY_DIR}")
target_include_directories(test_alloc_faults PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(test_alloc_faults PRIVATE libflow_static PkgConfig::CMOCKA PkgConfig::GLIB
  ${CMAKE_DL_LIBS} m)
add_test(NAME alloc_faults COMMAND test_alloc_faults)
set_tests_properties(alloc_faults PROPERTIES TIMEOUT 300
  ENVIRONMENT "CMOCKA_MESSAGE_OUTPUT=stdout;G_SLICE=always-malloc")
