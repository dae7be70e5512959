# Documentation that is generated from the library and checked here:
#   docs_registry_tables  README.md's tables of measures, methods and formats
#                         match the registries (tests/docs/registry_tables.py;
#                         `--write` regenerates them)
#   docs_readme_commands  README.md's quoted `$ flowctl ...` and quickstart
#                         outputs, the bad-file example and the Python
#                         snippets with their output are what they print
#                         (tests/docs/readme_commands.py; the studies'
#                         openings are example_readme_openings')
#   docs_python_readme_commands  the same for bindings/python/README.md
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

if(TARGET flowctl AND TARGET quickstart)
  add_test(NAME docs_readme_commands
    COMMAND ${FLOW_DOCS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/docs/readme_commands.py
            --build ${PROJECT_BINARY_DIR})
  add_test(NAME docs_python_readme_commands
    COMMAND ${FLOW_DOCS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/docs/readme_commands.py
            --build ${PROJECT_BINARY_DIR}
            --readme ${PROJECT_SOURCE_DIR}/bindings/python/README.md)
  set_tests_properties(docs_readme_commands docs_python_readme_commands PROPERTIES
    LABELS "docs" TIMEOUT 300
    ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1")
endif()
