# The bundled data sets (data/):
#   data_china_reproducible   data/china/generate.py, run into a scratch
#                             folder, writes exactly the committed CSV files
#   data_china_assumptions    generate.py under two other assumption sets
#                             (distance exponent -1 with cross-border scale 5;
#                             Hong Kong international) into scratch folders:
#                             each variant differs from data/china, says it is
#                             modelled, and the four studies (C, and Python when
#                             LIBFLOW_SANITIZE is OFF) run on it: exit 0,
#                             non-empty report, nothing on stderr
#   data_census_migration     data/census-migration loads (flowctl summary) with
#                             the counts its README states
#   data_census_migration_attributes  add_attributes.py, run on a scratch copy,
#                             writes exactly the committed nodes.csv (and checks
#                             its transcribed 2010 populations add up)
#   data_openalex_coauthorship  data/openalex-coauthorship loads with the counts
#                             its README states
#
# This file is include()d by tests/CMakeLists.txt, and it is also the script
# the tests run (cmake -P tests/data.cmake with -DMODE=...).

if(CMAKE_SCRIPT_MODE_FILE)
  # ---- script mode: one check --------------------------------------------
  cmake_minimum_required(VERSION 3.25)
  if(DEFINED LIBFLOW_LIBRARY)
    set(ENV{LIBFLOW_LIBRARY} "${LIBFLOW_LIBRARY}")
  endif()
  if(DEFINED PYTHONPATH)
    set(ENV{PYTHONPATH} "${PYTHONPATH}")
  endif()

  if(MODE STREQUAL "counts")
    # -DFLOWCTL=... -DDATA=<folder> -DNODES=<n> -DFLOWS=<n> -DFACTORS=<f1|f2>
    # -DYEARS=<year:flows:weight|...> (as stated in the folder's README.md)
    execute_process(COMMAND ${FLOWCTL} summary ${DATA} --format json
                    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "flowctl summary ${DATA}: exit status ${_rc}\n${_err}")
    endif()
    string(JSON _nodes GET "${_out}" nodes)
    string(JSON _flows GET "${_out}" flows)
    if(NOT _nodes EQUAL NODES OR NOT _flows EQUAL FLOWS)
      message(FATAL_ERROR "${DATA}: ${_nodes} nodes and ${_flows} flows, the README says "
                          "${NODES} and ${FLOWS}")
    endif()
    string(JSON _nf LENGTH "${_out}" factors)
    set(_factors "")
    math(EXPR _last "${_nf} - 1")
    foreach(_i RANGE ${_last})
      string(JSON _name GET "${_out}" factors ${_i} name)
      list(APPEND _factors "${_name}")
    endforeach()
    string(REPLACE ";" "|" _factors "${_factors}")
    if(NOT _factors STREQUAL FACTORS)
      message(FATAL_ERROR "${DATA}: factors ${_factors}, the README says ${FACTORS}")
    endif()
    string(JSON _ny LENGTH "${_out}" years)
    set(_years "")
    math(EXPR _last "${_ny} - 1")
    foreach(_i RANGE ${_last})
      string(JSON _y GET "${_out}" years ${_i} year)
      string(JSON _f GET "${_out}" years ${_i} flows)
      string(JSON _w GET "${_out}" years ${_i} weight)
      list(APPEND _years "${_y}:${_f}:${_w}")
    endforeach()
    string(REPLACE ";" "|" _years "${_years}")
    if(NOT _years STREQUAL YEARS)
      message(FATAL_ERROR "${DATA}: per year (year:flows:weight)\n  ${_years}\n"
                          "the README says\n  ${YEARS}")
    endif()
    message(STATUS "ok: ${_nodes} nodes, ${_flows} flows, factors ${_factors}, years ${_years}")

  elseif(MODE STREQUAL "attributes")
    # -DPYTHON=... -DSRC=<project source> -DWORK=<scratch folder>
    file(REMOVE_RECURSE "${WORK}")
    file(COPY "${SRC}/data/census-migration" DESTINATION "${WORK}")
    file(COPY "${SRC}/data/china/nodes.csv" DESTINATION "${WORK}/china")
    # start from the six columns of the shared copy, so the script adds the rest
    file(STRINGS "${WORK}/census-migration/nodes.csv" _lines)
    set(_six "")
    foreach(_l IN LISTS _lines)
      string(REGEX REPLACE "^([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*),.*$" "\\1" _l "${_l}")
      string(APPEND _six "${_l}\n")
    endforeach()
    file(WRITE "${WORK}/census-migration/nodes.csv" "${_six}")
    execute_process(COMMAND ${PYTHON} "${WORK}/census-migration/add_attributes.py"
                    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "add_attributes.py: exit status ${_rc}\n${_out}${_err}")
    endif()
    file(READ "${WORK}/census-migration/nodes.csv" _got)
    file(READ "${SRC}/data/census-migration/nodes.csv" _want)
    if(NOT _got STREQUAL _want)
      message(FATAL_ERROR "add_attributes.py does not reproduce data/census-migration/nodes.csv:\n${_got}")
    endif()
    string(FIND "${_want}" "id,name,kind,parent,adcode,group,lat,lon,population_2000,population_2010\n" _at)
    if(NOT _at EQUAL 0)
      message(FATAL_ERROR "unexpected header in data/census-migration/nodes.csv")
    endif()
    file(REMOVE_RECURSE "${WORK}")
    message(STATUS "ok: nodes.csv reproduced")

  elseif(MODE STREQUAL "assumptions")
    # -DPYTHON=... -DSRC=<project source> -DWORK=<scratch folder>
    # -DC_STUDIES=<exe|exe...> -DPY_STUDIES=<script|script...> (may be empty)
    string(REPLACE "|" ";" _c "${C_STUDIES}")
    string(REPLACE "|" ";" _py "${PY_STUDIES}")
    set(_variants "exp1_cb5" "hk_international")
    set(_args_exp1_cb5 --distance-exponent -1 --cross-border 5)
    set(_args_hk_international --hk international)
    file(SHA256 "${SRC}/data/china/flows.csv" _china_sum)
    file(REMOVE_RECURSE "${WORK}")
    set(_runs 0)
    foreach(_v IN LISTS _variants)
      set(_dir "${WORK}/${_v}")
      execute_process(COMMAND ${PYTHON} "${SRC}/data/china/generate.py" -o "${_dir}" ${_args_${_v}}
                      RESULT_VARIABLE _rc ERROR_VARIABLE _err)
      if(NOT _rc EQUAL 0)
        message(FATAL_ERROR "${_v}: generate.py exit status ${_rc}\n${_err}")
      endif()
      file(SHA256 "${_dir}/flows.csv" _sum)
      if(_sum STREQUAL _china_sum)
        message(FATAL_ERROR "${_v}: the options ${_args_${_v}} left flows.csv unchanged")
      endif()
      file(READ "${_dir}/README.md" _readme)
      string(FIND "${_readme}" "modelled, not observed" _at)
      if(_at EQUAL -1)
        message(FATAL_ERROR "${_v}: the variant's README.md does not say it is modelled:\n${_readme}")
      endif()
      if(_v STREQUAL "hk_international")
        file(STRINGS "${_dir}/nodes.csv" _hk REGEX "^CN-HK,")
        if(NOT _hk MATCHES "^CN-HK,Hong Kong,country,,")
          message(FATAL_ERROR "${_v}: Hong Kong is not a country node: ${_hk}")
        endif()
      endif()
      set(_cmds "")
      foreach(_exe IN LISTS _c)
        list(APPEND _cmds "${_exe}")
      endforeach()
      foreach(_script IN LISTS _py)
        list(APPEND _cmds "${PYTHON}|${_script}")
      endforeach()
      foreach(_cmd IN LISTS _cmds)
        string(REPLACE "|" ";" _argv "${_cmd}")
        execute_process(COMMAND ${_argv} "${_dir}" RESULT_VARIABLE _rc
                        OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
        if(NOT _rc EQUAL 0)
          message(FATAL_ERROR "${_v}: ${_cmd} exit status ${_rc}\nstderr:\n${_err}")
        endif()
        string(STRIP "${_out}" _stripped)
        if(_stripped STREQUAL "")
          message(FATAL_ERROR "${_v}: ${_cmd} printed nothing")
        endif()
        if(NOT _err STREQUAL "")
          message(FATAL_ERROR "${_v}: ${_cmd} wrote to stderr:\n${_err}")
        endif()
        string(FIND "${_out}" "Caution: the flows in this data set are modelled" _at)
        if(_at EQUAL -1)
          message(FATAL_ERROR "${_v}: ${_cmd} does not print the caution for modelled data:\n${_out}")
        endif()
        math(EXPR _runs "${_runs} + 1")
      endforeach()
    endforeach()
    file(REMOVE_RECURSE "${WORK}")
    message(STATUS "ok: 2 variants, ${_runs} study runs")

  else()
    message(FATAL_ERROR "data.cmake: unknown MODE '${MODE}'")
  endif()
  return()
endif()

# ---- include mode: register the tests ----------------------------------------
find_program(FLOW_DATA_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT FLOW_DATA_PYTHON)
  find_program(FLOW_DATA_PYTHON python3)
endif()
set(_flow_data_script ${CMAKE_CURRENT_LIST_FILE})
if(FLOW_DATA_PYTHON)
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/data-china-regenerated)
  add_test(NAME data_china_reproducible
    COMMAND sh -c "rm -rf '${_out}' && mkdir -p '${_out}' && '${FLOW_DATA_PYTHON}' '${PROJECT_SOURCE_DIR}/data/china/generate.py' '${_out}' && for f in nodes.csv flows.csv groups.csv programmes/flows.csv; do cmp '${_out}/'$f '${PROJECT_SOURCE_DIR}/data/china/'$f || exit 1; done")
  set_tests_properties(data_china_reproducible PROPERTIES TIMEOUT 120 LABELS "data")
  unset(_out)

  add_test(NAME data_census_migration_attributes
    COMMAND ${CMAKE_COMMAND} -DMODE=attributes "-DPYTHON=${FLOW_DATA_PYTHON}"
            "-DSRC=${PROJECT_SOURCE_DIR}" "-DWORK=${CMAKE_CURRENT_BINARY_DIR}/data-census-attributes"
            -P ${_flow_data_script})
  set_tests_properties(data_census_migration_attributes PROPERTIES TIMEOUT 120 LABELS "data")

  # The four studies on two variants of the modelled data (C always, Python
  # when an uninstrumented libflow can be loaded, as in tests/examples.cmake).
  set(_c "")
  set(_py "")
  foreach(_x east_west xinjiang clusters openness)
    if(TARGET study_${_x})
      list(APPEND _c "$<TARGET_FILE:study_${_x}>")
    endif()
    if(NOT LIBFLOW_SANITIZE AND EXISTS ${PROJECT_SOURCE_DIR}/examples/python/study_${_x}.py
       AND EXISTS ${PROJECT_SOURCE_DIR}/bindings/python/libflow/__init__.py)
      list(APPEND _py "${PROJECT_SOURCE_DIR}/examples/python/study_${_x}.py")
    endif()
  endforeach()
  if(_c OR _py)
    string(REPLACE ";" "|" _c "${_c}")
    string(REPLACE ";" "|" _py "${_py}")
    add_test(NAME data_china_assumptions
      COMMAND ${CMAKE_COMMAND} -DMODE=assumptions "-DPYTHON=${FLOW_DATA_PYTHON}"
              "-DSRC=${PROJECT_SOURCE_DIR}" "-DWORK=${CMAKE_CURRENT_BINARY_DIR}/data-china-assumptions"
              "-DC_STUDIES=${_c}" "-DPY_STUDIES=${_py}"
              "-DLIBFLOW_LIBRARY=$<TARGET_FILE:libflow>"
              "-DPYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python"
              -P ${_flow_data_script})
    set_tests_properties(data_china_assumptions PROPERTIES TIMEOUT 300 LABELS "data;examples")
  endif()
  unset(_c)
  unset(_py)
endif()

# The observed data sets load, with the counts their README.md states.
if(TARGET flowctl)
  add_test(NAME data_census_migration
    COMMAND ${CMAKE_COMMAND} -DMODE=counts "-DFLOWCTL=$<TARGET_FILE:flowctl>"
            "-DDATA=${PROJECT_SOURCE_DIR}/data/census-migration" -DNODES=31 -DFLOWS=1860
            -DFACTORS=migration "-DYEARS=2000:930:7305955|2010:930:10230691"
            -P ${_flow_data_script})
  add_test(NAME data_openalex_coauthorship
    COMMAND ${CMAKE_COMMAND} -DMODE=counts "-DFLOWCTL=$<TARGET_FILE:flowctl>"
            "-DDATA=${PROJECT_SOURCE_DIR}/data/openalex-coauthorship" -DNODES=251 -DFLOWS=96776
            -DFACTORS=coauthorship
            "-DYEARS=1990:2910:85532|1995:3607:141301|2000:4594:252443|2005:6213:446639|2010:8339:836333|2015:11647:1577575|2020:14388:2764232|2021:14520:3057087|2022:15227:3109490|2023:15331:3343623"
            -P ${_flow_data_script})
  set_tests_properties(data_census_migration data_openalex_coauthorship PROPERTIES
                       TIMEOUT 120 LABELS "data")
endif()
unset(_flow_data_script)
