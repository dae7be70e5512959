# flowctl tests of change over time and counterfactuals (cases trend and
# counterfactual of tests/cli/run.sh), registered like tests/cli.cmake's:
# one CTest entry per case, named cli_<case>, label "cli".
if(TARGET flowctl)
  find_program(FLOW_CLI_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(NOT FLOW_CLI_PYTHON)
    find_program(FLOW_CLI_PYTHON python3)
  endif()
  set(_flow_cli_python "${FLOW_CLI_PYTHON}")
  if(NOT _flow_cli_python)
    set(_flow_cli_python "")
  endif()
  foreach(_case trend counterfactual)
    add_test(NAME cli_${_case}
      COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/run.sh ${_case} $<TARGET_FILE:flowctl>
              ${PROJECT_SOURCE_DIR} "${_flow_cli_python}"
              ${CMAKE_CURRENT_BINARY_DIR}/cli-work/${_case})
    set_tests_properties(cli_${_case} PROPERTIES TIMEOUT 300 LABELS "cli")
  endforeach()
  unset(_flow_cli_python)
endif()
