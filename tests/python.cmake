# The Python bindings' unittest suites (STYLE rule 28): one CTest entry per
# tests/python/test_<topic>.py, named python_<topic>, run from the source
# tree against the library just built (LIBFLOW_LIBRARY), with the bundled
# data (FLOW_DATA) and the shared data sets (FLOW_SHARED_DATA).
#
# Not registered in sanitizer builds: loading an ASan-instrumented
# libflow.so into an uninstrumented python3 needs LD_PRELOAD of the ASan
# runtime and reports the interpreter's own allocations.
if(LIBFLOW_SANITIZE)
  return()
endif()

# Debian's interpreter (it has python3-networkx); the first python3 on PATH
# may be another one.
find_program(FLOW_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT FLOW_PYTHON)
  find_program(FLOW_PYTHON NAMES python3 python)
endif()
if(NOT FLOW_PYTHON)
  message(STATUS "libflow: no python3 found, Python binding tests skipped")
  return()
endif()

file(GLOB _flow_py_tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/python/test_*.py)
foreach(_f ${_flow_py_tests})
  get_filename_component(_mod ${_f} NAME_WE)
  string(REPLACE "test_" "python_" _name ${_mod})
  add_test(NAME ${_name}
    COMMAND ${FLOW_PYTHON} -m unittest -v ${_mod}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/python)
  set_tests_properties(${_name} PROPERTIES
    TIMEOUT 300
    LABELS "python"
    ENVIRONMENT "LIBFLOW_LIBRARY=$<TARGET_FILE:libflow>;PYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python;PYTHONDONTWRITEBYTECODE=1;FLOW_DATA=${PROJECT_SOURCE_DIR}/data;FLOW_SHARED_DATA=${PROJECT_SOURCE_DIR}/../shared/data;FLOW_TEST_TMPDIR=${CMAKE_CURRENT_BINARY_DIR};FLOW_VERSION=${PROJECT_VERSION}")
endforeach()
unset(_flow_py_tests)
