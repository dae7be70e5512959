# Documentation that is generated from the library and checked here:
#   docs_registry_tables  README.md's tables of measures, methods and formats
#                         match the registries (tests/docs/registry_tables.py;
#                         `--write` regenerates them)
# Needs Python (the bindings read the registries); not in sanitizer builds,
# for the reason given in tests/python.cmake.
if(LIBFLOW_SANITIZE)
  return()
endif()
find_program(FLOW_DOCS_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT FLOW_DOCS_PYTHON)
  find_program(FLOW_DOCS_PYTHON NAMES python3 python)
endif()
if(NOT FLOW_DOCS_PYTHON)
  return()
endif()
add_test(NAME docs_registry_tables
  COMMAND ${FLOW_DOCS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/docs/registry_tables.py)
set_tests_properties(docs_registry_tables PROPERTIES
  LABELS "docs"
  ENVIRONMENT "LIBFLOW_LIBRARY=$<TARGET_FILE:libflow>;PYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python;PYTHONDONTWRITEBYTECODE=1")
