# The bundled data set is reproducible: data/china/generate.py, run into a
# scratch folder, writes exactly the committed CSV files.
find_program(FLOW_DATA_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT FLOW_DATA_PYTHON)
  find_program(FLOW_DATA_PYTHON python3)
endif()
if(FLOW_DATA_PYTHON)
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/data-china-regenerated)
  add_test(NAME data_china_reproducible
    COMMAND sh -c "rm -rf '${_out}' && mkdir -p '${_out}' && '${FLOW_DATA_PYTHON}' '${PROJECT_SOURCE_DIR}/data/china/generate.py' '${_out}' && for f in nodes.csv flows.csv groups.csv programmes/flows.csv; do cmp '${_out}/'$f '${PROJECT_SOURCE_DIR}/data/china/'$f || exit 1; done")
  set_tests_properties(data_china_reproducible PROPERTIES TIMEOUT 120 LABELS "data")
  unset(_out)
endif()
