# The Python bindings' unittest suites (STYLE rule 28): one CTest entry per
# tests/python/test_<topic>.py, named python_<topic>, run from the source
# tree against the library just built (LIBFLOW_LIBRARY), with the bundled
# data (FLOW_DATA) and the shared data sets (FLOW_SHARED_DATA).
#
# In the asan preset a subset runs against the instrumented library: the
# ASan runtime is preloaded into the (uninstrumented) interpreter, with
# leak detection off (the interpreter keeps its own allocations to exit).
# The subset is the bindings' memory-safety suites (handles, threads,
# progress and Ctrl-C, argument checks, errors, the ctypes declarations),
# the network and the analyses, about two minutes under ASan; the
# reference comparisons (interop, gravity, significance, report, ...)
# repeat library paths the C suites cover under ASan and take minutes
# more. Not registered in the tsan preset.
set(_flow_py_asan "")
if(LIBFLOW_SANITIZE STREQUAL "thread")
  return()
elseif(LIBFLOW_SANITIZE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE _flow_libasan OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT IS_ABSOLUTE "${_flow_libasan}" OR NOT EXISTS "${_flow_libasan}")
    message(STATUS "libflow: the ASan runtime was not found, Python binding tests skipped")
    return()
  endif()
  set(_flow_py_asan_only analyses arguments errors ffi handles interrupt network progress
      stress threads)
  set(_flow_py_asan LD_PRELOAD=${_flow_libasan} ASAN_OPTIONS=detect_leaks=0:abort_on_error=0)
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
  string(REPLACE "test_" "" _topic ${_mod})
  if(_flow_py_asan AND NOT _topic IN_LIST _flow_py_asan_only)
    continue()
  endif()
  string(REPLACE "test_" "python_" _name ${_mod})
  add_test(NAME ${_name}
    COMMAND ${FLOW_PYTHON} -m unittest -v ${_mod}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/python)
  set_tests_properties(${_name} PROPERTIES
    TIMEOUT 300
    LABELS "python"
    ENVIRONMENT "LIBFLOW_LIBRARY=$<TARGET_FILE:libflow>;PYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python;PYTHONDONTWRITEBYTECODE=1;FLOW_DATA=${PROJECT_SOURCE_DIR}/data;FLOW_SHARED_DATA=${PROJECT_SOURCE_DIR}/../shared/data;FLOW_TEST_TMPDIR=${CMAKE_CURRENT_BINARY_DIR};FLOW_VERSION=${PROJECT_VERSION}")
  if(_flow_py_asan)
    set_property(TEST ${_name} APPEND PROPERTY ENVIRONMENT ${_flow_py_asan})
  endif()
endforeach()
unset(_flow_py_tests)
unset(_flow_py_asan)
