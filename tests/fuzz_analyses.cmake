# The analyses fuzzer (tests/fuzz/fuzz_analyses.c, tests/fuzz/README.md).
# Every build replays its corpus once as the test "fuzz_analyses_replay";
# configured with -DLIBFLOW_FUZZ=ON and clang, the libFuzzer binary
# fuzz_analyses is built too (the library then gets coverage
# instrumentation).
add_executable(fuzz_analyses_replay ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_analyses.c)
set_target_properties(fuzz_analyses_replay PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
target_compile_definitions(fuzz_analyses_replay PRIVATE FUZZ_REPLAY _GNU_SOURCE)
target_compile_options(fuzz_analyses_replay PRIVATE -Wall -Wextra)
target_link_libraries(fuzz_analyses_replay PRIVATE libflow m)
add_test(NAME fuzz_analyses_replay
         COMMAND fuzz_analyses_replay ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/analyses)
set_tests_properties(fuzz_analyses_replay PROPERTIES TIMEOUT 120
                     ENVIRONMENT "FUZZ_CHECK_NAN=1")

if(LIBFLOW_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "LIBFLOW_FUZZ needs clang (libFuzzer): CC=clang cmake ...")
  endif()
  target_compile_options(flow_objects PRIVATE -fsanitize=fuzzer-no-link)
  add_executable(fuzz_analyses ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_analyses.c)
  target_compile_definitions(fuzz_analyses PRIVATE _GNU_SOURCE)
  target_compile_options(fuzz_analyses PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_analyses PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_analyses PRIVATE libflow_static m)
endif()
