# The bundled data sets (data/):
#   data_china_reproducible   data/china/generate.py, run into a scratch
#                             folder, writes exactly the committed CSV files
#   data_china_bad_options    generate.py refuses options that cannot go
#                             together (--assumption-sets with another option,
#                             or into data/china) and values that make no model:
#                             exit status 2, nothing written
#   data_china_years          data/china/years.csv marks 2020 the anchor and
#                             every other year extrapolated; talent weights are
#                             whole persons; the 2020 totals are those the
#                             README states; Beijing is the first technology
#                             seller of 2020
#   data_china_assumption_sets  generate.py --assumption-sets into the build
#                             tree: the fixture china_assumption_sets, read by
#                             data_china_assumptions and example_<x>_assumptions
#   data_china_assumptions    those sets: every set of sets.csv is a full data set
#                             whose README says it is modelled, the default set
#                             equals data/china, the others differ from it; the
#                             four studies (C, and Python when LIBFLOW_SANITIZE
#                             is OFF) run on two other sets (distance-steep,
#                             hk-international): exit 0, non-empty report that
#                             says "modelled", nothing on stderr
#   data_census_distance_fit  the distance exponent of data/china/generate.py
#                             is the census migration's PPML fit (flowctl
#                             gravity, fixed effects, mean of 2000 and 2010,
#                             rounded to 0.1), and statsmodels
#                             (calibrate_distance.py) gives the same estimates
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
    # WORK: the sets the fixture data_china_assumption_sets wrote (read only)
    file(STRINGS "${WORK}/sets.csv" _sets)
    list(POP_FRONT _sets _header)
    if(NOT _header STREQUAL "name,distance_exponent,cross_border,hk,varies")
      message(FATAL_ERROR "sets.csv: unexpected header '${_header}'")
    endif()
    list(LENGTH _sets _nsets)
    if(_nsets LESS 3)
      message(FATAL_ERROR "sets.csv lists ${_nsets} sets")
    endif()
    foreach(_row IN LISTS _sets)
      string(REGEX REPLACE ",.*" "" _v "${_row}")
      set(_dir "${WORK}/${_v}")
      file(READ "${_dir}/README.md" _readme)
      string(FIND "${_readme}" "modelled, not observed" _at)
      if(_at EQUAL -1)
        message(FATAL_ERROR "${_v}: the set's README.md does not say it is modelled:\n${_readme}")
      endif()
      set(_same 1)
      foreach(_f nodes.csv flows.csv groups.csv years.csv programmes/flows.csv)
        if(NOT EXISTS "${_dir}/${_f}")
          message(FATAL_ERROR "${_v}: no ${_f}")
        endif()
        file(SHA256 "${_dir}/${_f}" _a)
        file(SHA256 "${SRC}/data/china/${_f}" _b)
        if(NOT _a STREQUAL _b)
          set(_same 0)
        endif()
      endforeach()
      if(_v STREQUAL "default" AND NOT _same)
        message(FATAL_ERROR "the default set differs from data/china")
      elseif(NOT _v STREQUAL "default" AND _same)
        message(FATAL_ERROR "${_v}: the same files as data/china (${_row})")
      endif()
    endforeach()
    file(STRINGS "${WORK}/hk-international/nodes.csv" _hk REGEX "^CN-HK,")
    if(NOT _hk MATCHES "^CN-HK,Hong Kong,country,,")
      message(FATAL_ERROR "hk-international: Hong Kong is not a country node: ${_hk}")
    endif()
    set(_runs 0)
    foreach(_v distance-steep hk-international)
      set(_dir "${WORK}/${_v}")
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
        string(FIND "${_out}" "modelled" _at)
        if(_at EQUAL -1)
          message(FATAL_ERROR "${_v}: ${_cmd} does not say the flows are modelled:\n${_out}")
        endif()
        math(EXPR _runs "${_runs} + 1")
      endforeach()
    endforeach()
    message(STATUS "ok: ${_nsets} assumption sets, ${_runs} study runs")

  elseif(MODE STREQUAL "years")
    # -DFLOWCTL=... -DSRC=<project source>: years.csv, whole persons, 2020 totals
    file(STRINGS "${SRC}/data/china/years.csv" _years)
    string(CONCAT _want "year,flows,programmes;2016,back-cast,assumed-start;"
           "2017,back-cast,extrapolated;2018,back-cast,extrapolated;2019,back-cast,extrapolated;"
           "2020,anchor,extrapolated;2021,carried-forward,extrapolated;"
           "2022,carried-forward,extrapolated")
    if(NOT _years STREQUAL _want)
      message(FATAL_ERROR "data/china/years.csv:\n${_years}\nexpected\n${_want}")
    endif()
    file(STRINGS "${SRC}/data/china/flows.csv" _frac REGEX ",talent,[0-9]*\\.")
    file(STRINGS "${SRC}/data/china/programmes/flows.csv" _pfrac REGEX ",talent,[0-9]*\\.")
    if(_frac OR _pfrac)
      message(FATAL_ERROR "fractional persons in data/china: ${_frac} ${_pfrac}")
    endif()
    # the 2020 totals data/china/README.md states ("Factors")
    foreach(_ft "talent:2924735" "technology:28252" "capital:12000")
      string(REPLACE ":" ";" _ft "${_ft}")
      list(GET _ft 0 _f)
      list(GET _ft 1 _want_total)
      execute_process(COMMAND ${FLOWCTL} summary "${SRC}/data/china" --factor ${_f} --year 2020
                              --format json
                      RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
      if(NOT _rc EQUAL 0)
        message(FATAL_ERROR "flowctl summary --factor ${_f}: exit status ${_rc}\n${_err}")
      endif()
      string(JSON _w GET "${_out}" years 0 weight)
      string(REGEX REPLACE "\\..*" "" _wi "${_w}")
      math(EXPR _diff "${_wi} - ${_want_total}")
      if(_diff GREATER 1 OR _diff LESS -1)
        message(FATAL_ERROR "${_f}: 2020 total ${_w}, the README says ${_want_total}")
      endif()
    endforeach()
    # Beijing is the first technology seller (README.md, "Factors")
    execute_process(COMMAND ${FLOWCTL} centrality "${SRC}/data/china" --factor technology --year 2020
                            --level region --measure out_strength --top 1 --format csv
                    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0 OR NOT _out MATCHES "\nCN-BJ,")
      message(FATAL_ERROR "the first technology seller of 2020 is not Beijing:\n${_out}${_err}")
    endif()
    message(STATUS "ok: years.csv, whole persons, 2020 totals, Beijing the first technology seller")

  elseif(MODE STREQUAL "distance")
    # -DFLOWCTL=... -DPYTHON=... -DSRC=<project source>
    set(_sum 0)
    set(_fe "")
    foreach(_y 2000 2010)
      execute_process(COMMAND ${FLOWCTL} gravity "${SRC}/data/census-migration" --factor migration
                              --year ${_y} --format json
                      RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
      if(NOT _rc EQUAL 0)
        message(FATAL_ERROR "flowctl gravity ${_y}: exit status ${_rc}\n${_err}")
      endif()
      string(JSON _term GET "${_out}" coefficients 0 term)
      string(JSON _b GET "${_out}" coefficients 0 estimate)
      if(NOT _term STREQUAL "log_distance")
        message(FATAL_ERROR "flowctl gravity ${_y}: first term ${_term}")
      endif()
      # to 4 decimals (as calibrate_distance.py prints them): x 10000, rounded
      string(REGEX MATCH "^-?[0-9]+\\.[0-9]+" _b "${_b}")
      execute_process(COMMAND ${PYTHON} -c "print(f'{${_b}:.4f}')" OUTPUT_VARIABLE _b4
                      OUTPUT_STRIP_TRAILING_WHITESPACE)
      list(APPEND _fe "${_y} fixed effects: log_distance ${_b4} ")
      string(APPEND _sum "+${_b}")
    endforeach()
    execute_process(COMMAND ${PYTHON} -c "print(f'{round((0${_sum}) / 2, 1):.1f}')"
                    OUTPUT_VARIABLE _mean OUTPUT_STRIP_TRAILING_WHITESPACE)
    file(STRINGS "${SRC}/data/china/generate.py" _line REGEX "^DISTANCE_EXPONENT = ")
    if(NOT _line STREQUAL "DISTANCE_EXPONENT = ${_mean}")
      message(FATAL_ERROR "generate.py has '${_line}', the census fit gives ${_mean}")
    endif()
    execute_process(COMMAND ${PYTHON} -c "import statsmodels" RESULT_VARIABLE _has_sm
                    OUTPUT_QUIET ERROR_QUIET)
    if(_has_sm EQUAL 0)
      execute_process(COMMAND ${PYTHON} "${SRC}/data/census-migration/calibrate_distance.py"
                      RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
      if(NOT _rc EQUAL 0)
        message(FATAL_ERROR "calibrate_distance.py: exit status ${_rc}\n${_err}")
      endif()
      foreach(_want IN LISTS _fe)
        string(FIND "${_out}" "${_want}" _at)
        if(_at EQUAL -1)
          message(FATAL_ERROR "statsmodels disagrees with flowctl: want '${_want}' in\n${_out}")
        endif()
      endforeach()
      message(STATUS "ok: ${_fe}mean ${_mean}; statsmodels agrees")
    else()
      message(STATUS "ok: ${_fe}mean ${_mean} (statsmodels not installed: no cross-check)")
    endif()

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
    COMMAND sh -c "rm -rf '${_out}' && mkdir -p '${_out}' && '${FLOW_DATA_PYTHON}' '${PROJECT_SOURCE_DIR}/data/china/generate.py' '${_out}' && for f in nodes.csv flows.csv groups.csv years.csv programmes/flows.csv; do cmp '${_out}/'$f '${PROJECT_SOURCE_DIR}/data/china/'$f || exit 1; done")
  set_tests_properties(data_china_reproducible PROPERTIES TIMEOUT 120 LABELS "data")
  unset(_out)

  # The assumption sets, written once for the tests that read them
  # (data_china_assumptions, example_<x>_assumptions): the fixture
  # china_assumption_sets. FLOW_CHINA_SETS is their folder.
  set(FLOW_CHINA_SETS ${CMAKE_CURRENT_BINARY_DIR}/china-assumption-sets)
  add_test(NAME data_china_assumption_sets
    COMMAND sh -c "rm -rf '${FLOW_CHINA_SETS}' && '${FLOW_DATA_PYTHON}' '${PROJECT_SOURCE_DIR}/data/china/generate.py' --assumption-sets '${FLOW_CHINA_SETS}'")
  set_tests_properties(data_china_assumption_sets PROPERTIES TIMEOUT 120 LABELS "data;examples"
                       FIXTURES_SETUP china_assumption_sets)

  # the assumption sets, for studies that report ranges over them:
  # cmake --build --preset default --target china_assumption_sets
  add_custom_target(china_assumption_sets
    COMMAND ${FLOW_DATA_PYTHON} ${PROJECT_SOURCE_DIR}/data/china/generate.py
            --assumption-sets ${PROJECT_BINARY_DIR}/data/china-assumptions
    COMMENT "data/china/generate.py --assumption-sets ${PROJECT_BINARY_DIR}/data/china-assumptions"
    VERBATIM)

  # options that cannot go together, or values that make no model: exit
  # status 2 and nothing written
  set(_gen "'${FLOW_DATA_PYTHON}' '${PROJECT_SOURCE_DIR}/data/china/generate.py'")
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/data-china-bad-options)
  add_test(NAME data_china_bad_options
    COMMAND sh -c "rm -rf '${_out}'; for a in '--assumption-sets ${_out} --hk excluded' '--assumption-sets ${_out} -o ${_out}/x' '--assumption-sets ${PROJECT_SOURCE_DIR}/data/china' '-o ${_out} --cross-border 0' '-o ${_out} --distance-exponent nan' '-o ${_out} --hk abroad'; do ${_gen} $a 2>/dev/null; rc=$?; [ $rc = 2 ] || { echo \"generate.py $a: exit status $rc, not 2\"; exit 1; }; [ ! -e '${_out}' ] || { echo \"generate.py $a wrote ${_out}\"; exit 1; }; done")
  set_tests_properties(data_china_bad_options PROPERTIES TIMEOUT 60 LABELS "data")
  unset(_gen)
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
              "-DSRC=${PROJECT_SOURCE_DIR}" "-DWORK=${FLOW_CHINA_SETS}"
              "-DC_STUDIES=${_c}" "-DPY_STUDIES=${_py}"
              "-DLIBFLOW_LIBRARY=$<TARGET_FILE:libflow>"
              "-DPYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python"
              -P ${_flow_data_script})
    set_tests_properties(data_china_assumptions PROPERTIES TIMEOUT 300 LABELS "data;examples"
                         FIXTURES_REQUIRED china_assumption_sets)
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
  add_test(NAME data_china_years
    COMMAND ${CMAKE_COMMAND} -DMODE=years "-DFLOWCTL=$<TARGET_FILE:flowctl>"
            "-DSRC=${PROJECT_SOURCE_DIR}" -P ${_flow_data_script})
  set_tests_properties(data_census_migration data_openalex_coauthorship data_china_years PROPERTIES
                       TIMEOUT 120 LABELS "data")
  if(FLOW_DATA_PYTHON)
    add_test(NAME data_census_distance_fit
      COMMAND ${CMAKE_COMMAND} -DMODE=distance "-DFLOWCTL=$<TARGET_FILE:flowctl>"
              "-DPYTHON=${FLOW_DATA_PYTHON}" "-DSRC=${PROJECT_SOURCE_DIR}" -P ${_flow_data_script})
    set_tests_properties(data_census_distance_fit PROPERTIES TIMEOUT 120 LABELS "data")
  endif()
endif()
unset(_flow_data_script)
