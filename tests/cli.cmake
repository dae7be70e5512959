# flowctl tests (libflow/cli): one CTest entry per case of tests/cli/run.sh,
# named cli_<case>, label "cli". They run flowctl on data/china and on small
# bad files, and check exit statuses, messages, help examples (and the
# registries they list), and the output in each format (JSON contracts, every
# CSV output one rectangular table, --part, -o DIR, --sort, tables checked
# for alignment in display columns by tests/cli/check.py). Debian's /usr/bin/python3 is
# preferred (the first python3 on PATH may be another interpreter); without
# any Python those checks are skipped and the rest still runs.
if(TARGET flowctl)
  find_program(FLOW_CLI_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(NOT FLOW_CLI_PYTHON)
    find_program(FLOW_CLI_PYTHON python3)
  endif()
  set(_flow_cli_python "${FLOW_CLI_PYTHON}")
  if(NOT _flow_cli_python)
    set(_flow_cli_python "")
  endif()
  foreach(_case help help_examples summary centrality bottleneck cluster backbone export
                usage_errors bad_data cjk csv sort gravity significance shell convert report
                limits provenance notes)
    add_test(NAME cli_${_case}
      COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/run.sh ${_case} $<TARGET_FILE:flowctl>
              ${PROJECT_SOURCE_DIR} "${_flow_cli_python}"
              ${CMAKE_CURRENT_BINARY_DIR}/cli-work/${_case})
    set_tests_properties(cli_${_case} PROPERTIES TIMEOUT 300 LABELS "cli")
  endforeach()
  unset(_flow_cli_python)
endif()
