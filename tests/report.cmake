# The HTML report in a browser (tests/report/browser_check.py): flowctl's
# report of data/china opens in headless Chromium with no console error,
# with its sections and drawings in the DOM, and a screenshot saved as
# build/<preset>/tests/report-work/china.png; a data set with markup for
# names runs no script. Skipped (exit 77) without Chromium. Not in sanitizer
# builds: the browser adds nothing to what test_report checks of the C code.
if(LIBFLOW_SANITIZE OR NOT TARGET flowctl)
  return()
endif()
find_program(FLOW_REPORT_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT FLOW_REPORT_PYTHON)
  find_program(FLOW_REPORT_PYTHON python3)
endif()
if(FLOW_REPORT_PYTHON)
  add_test(NAME report_browser
    COMMAND ${FLOW_REPORT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/report/browser_check.py
            $<TARGET_FILE:flowctl> ${PROJECT_SOURCE_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/report-work)
  set_tests_properties(report_browser PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77
                       LABELS "report")
endif()

# Every bundled data set and the real ones in ../shared/data (CKM
# physicians, Lazega, EU air transport, census migration, OpenAlex
# countries) rendered and opened in headless Chromium
# (tests/report/datasets_check.py), one screenshot each in
# build/<preset>/tests/report-datasets/ to look at.
if(FLOW_REPORT_PYTHON)
  add_test(NAME report_datasets
    COMMAND ${FLOW_REPORT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/report/datasets_check.py
            $<TARGET_FILE:flowctl> ${PROJECT_SOURCE_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/report-datasets)
  set_tests_properties(report_datasets PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77
                       LABELS "report")
endif()
