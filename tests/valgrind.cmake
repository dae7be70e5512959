# The examples under valgrind memcheck (label "valgrind"): quickstart and
# two studies on data/china, with --leak-check=full; any invalid access,
# use of an undefined value or leak fails the test (exit 1). Only when
# valgrind is installed and the build is not sanitized (valgrind cannot
# run AddressSanitizer or ThreadSanitizer binaries). About 10 s in all.
# No suppressions are needed: GLib's and igraph's one-time allocations
# are still reachable at exit, which memcheck does not count as errors.
find_program(FLOW_VALGRIND valgrind)
if(FLOW_VALGRIND AND NOT LIBFLOW_SANITIZE AND TARGET quickstart)
  foreach(_ex quickstart study_east_west study_clusters)
    if(TARGET ${_ex})
      add_test(NAME valgrind_${_ex}
        COMMAND ${FLOW_VALGRIND} --error-exitcode=1 --leak-check=full --quiet
                $<TARGET_FILE:${_ex}> ${PROJECT_SOURCE_DIR}/data/china)
      set_tests_properties(valgrind_${_ex} PROPERTIES LABELS "valgrind" TIMEOUT 120)
    endif()
  endforeach()
endif()
