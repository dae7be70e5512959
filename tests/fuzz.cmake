# Fuzzing (tests/fuzz/, see its README.md). Each harness fuzz_<name>.c
# defines LLVMFuzzerTestOneInput.
#  - Always: replay_<name>, the harness linked with replay_main.c, and a
#    CTest fuzz_replay_<name> that runs every file of
#    tests/fuzz/corpus/<name>/ (seeds and crash regressions) through it once.
#  - With -DLIBFLOW_FUZZ=ON (configure with CC=clang): fuzz_<name>, the
#    libFuzzer binary (-fsanitize=fuzzer,address,undefined; the library is
#    then instrumented too, see the top-level CMakeLists.txt).
foreach(_h flows dataset import)
  add_executable(replay_${_h} fuzz/fuzz_${_h}.c fuzz/replay_main.c)
  set_target_properties(replay_${_h} PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
  target_compile_options(replay_${_h} PRIVATE -Wall -Wextra)
  target_compile_definitions(replay_${_h} PRIVATE _GNU_SOURCE)
  target_link_libraries(replay_${_h} PRIVATE libflow)
  add_test(NAME fuzz_replay_${_h}
           COMMAND replay_${_h} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${_h})
  set_tests_properties(fuzz_replay_${_h} PROPERTIES TIMEOUT 120
                       ENVIRONMENT "TMPDIR=${CMAKE_CURRENT_BINARY_DIR}")
  if(LIBFLOW_FUZZ)
    add_executable(fuzz_${_h} fuzz/fuzz_${_h}.c)
    target_compile_definitions(fuzz_${_h} PRIVATE _GNU_SOURCE)
    target_compile_options(fuzz_${_h} PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_${_h} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(fuzz_${_h} PRIVATE libflow_static)
  endif()
endforeach()
