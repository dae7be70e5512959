# The example studies (examples/study_*.c and examples/python/study_*.py),
# run on the bundled data set data/china.
#
# Per study <x> (east_west, xinjiang, clusters, openness):
#   example_<x>           the C study exits 0 and prints its section headings
#   example_<x>_bad_path  the C study exits 3 on a missing data set and its
#                         message names the path
#   example_<x>_provenance  the C study's provenance lines follow the data
#                         folder's README.md: none without one, no caution
#                         when its front matter says "flows: observed", the
#                         caution when it says "flows: modelled" (on copies of
#                         the data set in the build tree)
# and, when a Python 3 is found and LIBFLOW_SANITIZE is OFF (an instrumented
# libflow.so cannot be loaded by an uninstrumented interpreter):
#   example_<x>_py           the Python study exits 0 and prints the headings
#   example_<x>_py_bad_path  the Python study exits 3 on a missing data set
#   example_<x>_py_provenance  as example_<x>_provenance
#   example_<x>_c_vs_py      both print exactly the same report
#   example_<x>_usage        --help exits 0 and says what the data set must
#                            contain; an unknown option and a reversed --years
#                            exit 2; a --groups file with an unknown node exits
#                            3 naming file and line; --level institution,
#                            city and country run (exit 0), are a usage error
#                            (2) naming the study's one level, or bad data at
#                            that level (3, naming it) (and _py_usage in Python)
# On the real data sets (data/census-migration, data/openalex-coauthorship):
#   example_east_west_census, example_openness_world (and their _c_vs_py)
#   example_clusters_census_<2000|2010|regions_2010> (and their _c_vs_py):
#   study_clusters on the census migration, the alliances in 2000 and 2010
#   and the four NBS regions in 2010; example_clusters_world (and _c_vs_py):
#   on OpenAlex co-authorship, with the caveat on pairs written once;
#   example_clusters_help (and _c_vs_py)
# And the sensitivity over assumption sets:
#   example_<x>_assumptions (every study)  on the assumption sets of the
#                            fixture china_assumption_sets (tests/data.cmake):
#                            the C and Python studies with --assumptions print
#                            the same report, with the ranges ("over 7
#                            assumption sets")
#
# This file is include()d by tests/CMakeLists.txt, and it is also the script
# the tests run (cmake -P tests/examples.cmake with -DMODE=...): one file
# keeps the test list and the checks together.

if(CMAKE_SCRIPT_MODE_FILE)
  # ---- script mode: one check --------------------------------------------
  cmake_minimum_required(VERSION 3.25)
  # -DMODE=run|bad_path|compare|provenance -DCMD=<program>|<args...> ('|'-separated)
  # -DCMD2=... (compare) -DHEADINGS=<h1>|<h2>... (run: present, in this order)
  # -DDATA=<path> -DWORK=<scratch folder> (provenance)
  # -DLIBFLOW_LIBRARY=... -DPYTHONPATH=... (for Python commands)
  if(DEFINED LIBFLOW_LIBRARY)
    set(ENV{LIBFLOW_LIBRARY} "${LIBFLOW_LIBRARY}")
  endif()
  if(DEFINED PYTHONPATH)
    set(ENV{PYTHONPATH} "${PYTHONPATH}")
  endif()
  string(REPLACE "|" ";" _cmd "${CMD}")

  if(MODE STREQUAL "run")
    execute_process(COMMAND ${_cmd} "${DATA}" RESULT_VARIABLE _rc
                    OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "exit status ${_rc} (expected 0)\nstdout:\n${_out}\nstderr:\n${_err}")
    endif()
    # every heading, each after the one before it
    string(REPLACE "|" ";" _headings "${HEADINGS}")
    set(_rest "${_out}")
    foreach(_h IN LISTS _headings)
      string(FIND "${_rest}" "${_h}" _at)
      if(_at EQUAL -1)
        string(FIND "${_out}" "${_h}" _at)
        if(_at EQUAL -1)
          message(FATAL_ERROR "the report lacks the heading '${_h}':\n${_out}")
        endif()
        message(FATAL_ERROR "the heading '${_h}' is out of order (expected after the "
                            "headings listed before it: ${HEADINGS}):\n${_out}")
      endif()
      string(LENGTH "${_h}" _len)
      math(EXPR _at "${_at} + ${_len}")
      string(SUBSTRING "${_rest}" ${_at} -1 _rest)
    endforeach()
    if(NOT _err STREQUAL "")
      message(FATAL_ERROR "unexpected output on stderr:\n${_err}")
    endif()
    message(STATUS "ok: exit 0, every heading present, in order")

  elseif(MODE STREQUAL "provenance")
    # Copies of the data set: without a README, with one whose front matter
    # says "flows: observed" (the word "modelled" in its text does not
    # count), with one that says "flows: modelled" (any case; the path given
    # with a trailing slash).
    set(_caution "Caution: the flows in this data set are modelled, not observed; do not quote them as statistics.")
    file(REMOVE_RECURSE "${WORK}")
    foreach(_v bare plain modelled)
      file(COPY "${DATA}/" DESTINATION "${WORK}/${_v}" PATTERN "README.md" EXCLUDE)
    endforeach()
    file(WRITE "${WORK}/plain/README.md"
         "---\nflows: observed\n---\n\n# plain\n\nNot the modelled flows of data/china.\n")
    file(WRITE "${WORK}/modelled/README.md" "---\nFlows: MODELLED\n---\n\n# modelled\n")
    foreach(_v bare plain modelled)
      set(_data "${WORK}/${_v}")
      if(_v STREQUAL "modelled")
        set(_data "${WORK}/${_v}/")
      endif()
      execute_process(COMMAND ${_cmd} "${_data}" RESULT_VARIABLE _rc
                      OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
      if(NOT _rc EQUAL 0)
        message(FATAL_ERROR "${_v}: exit status ${_rc} (expected 0)\nstderr:\n${_err}")
      endif()
      string(FIND "${_out}" "Provenance:" _prov)
      string(FIND "${_out}" "Caution:" _caut)
      if(_v STREQUAL "bare")
        if(NOT _prov EQUAL -1 OR NOT _caut EQUAL -1)
          message(FATAL_ERROR "${_v}: provenance lines without a README.md:\n${_out}")
        endif()
      else()
        set(_want "\nProvenance: ${WORK}/${_v}/README.md\n")
        if(_v STREQUAL "modelled")
          string(APPEND _want "${_caution}\n")
        endif()
        string(FIND "${_out}" "${_want}" _at)
        if(_at EQUAL -1)
          message(FATAL_ERROR "${_v}: the report lacks the lines\n${_want}\n${_out}")
        endif()
        if(_v STREQUAL "plain" AND NOT _caut EQUAL -1)
          message(FATAL_ERROR "${_v}: a caution, but the README does not say 'modelled':\n${_out}")
        endif()
        string(FIND "${_out}" "\n== " _first)
        if(_first EQUAL -1 OR _prov GREATER _first)
          message(FATAL_ERROR "${_v}: the provenance does not open the report:\n${_out}")
        endif()
      endif()
    endforeach()
    file(REMOVE_RECURSE "${WORK}")
    message(STATUS "ok: no README, a plain README, a README that says 'modelled'")

  elseif(MODE STREQUAL "usage")
    execute_process(COMMAND ${_cmd} --help RESULT_VARIABLE _rc OUTPUT_VARIABLE _out
                    ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "--help: exit status ${_rc} (expected 0)\n${_err}")
    endif()
    foreach(_want "usage: " "--help" "The data set must contain:")
      string(FIND "${_out}" "${_want}" _at)
      if(_at EQUAL -1)
        message(FATAL_ERROR "--help lacks '${_want}':\n${_out}")
      endif()
    endforeach()
    execute_process(COMMAND ${_cmd} --no-such-option RESULT_VARIABLE _rc OUTPUT_VARIABLE _out
                    ERROR_VARIABLE _err)
    string(FIND "${_err}" "--no-such-option" _at)
    if(NOT _rc EQUAL 2 OR _at EQUAL -1)
      message(FATAL_ERROR "an unknown option: exit status ${_rc} (expected 2), stderr:\n${_err}")
    endif()
    execute_process(COMMAND ${_cmd} --years 2022-2016 RESULT_VARIABLE _rc OUTPUT_VARIABLE _out
                    ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 2)
      message(FATAL_ERROR "--years 2022-2016: exit status ${_rc} (expected 2), stderr:\n${_err}")
    endif()
    # a groups file naming an unknown node: exit 3, the message names file and line
    set(_groups "${WORK}-groups.csv")
    file(WRITE "${_groups}" "group,member\nEast,CN-BJ\nEast,CN-NOSUCH\n")
    execute_process(COMMAND ${_cmd} "${DATA}" --groups "${_groups}" RESULT_VARIABLE _rc
                    OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
    file(REMOVE "${_groups}")
    string(FIND "${_err}" "${_groups}:3: unknown node id 'CN-NOSUCH'" _at)
    if(NOT _rc EQUAL 3 OR _at EQUAL -1)
      message(FATAL_ERROR "--groups with an unknown node: exit status ${_rc} (expected 3), "
                          "stderr:\n${_err}")
    endif()
    # --level: a level the study takes runs, one it does not is a usage
    # error naming the levels it takes (never a failure of the analysis)
    execute_process(COMMAND ${_cmd} --help OUTPUT_VARIABLE _help ERROR_QUIET)
    string(FIND "${_help}" "--level KIND" _at)
    if(NOT _at EQUAL -1)
      foreach(_level institution city country)
        execute_process(COMMAND ${_cmd} "${DATA}" --level ${_level} RESULT_VARIABLE _rc
                        OUTPUT_QUIET ERROR_VARIABLE _err)
        set(_want "--level ${_level}: this study compares regions, so its one level is 'region'")
        string(FIND "${_err}" "${_want}" _at)
        string(FIND "${_err}" "at level ${_level}: " _at3)
        if(NOT (_rc EQUAL 0 AND _err STREQUAL "") AND NOT (_rc EQUAL 2 AND NOT _at EQUAL -1)
           AND NOT (_rc EQUAL 3 AND NOT _at3 EQUAL -1))
          message(FATAL_ERROR "--level ${_level}: exit status ${_rc} (expected 0; 2 naming "
                              "the levels the study takes; or 3 naming what the data lack at "
                              "that level), stderr:\n${_err}")
        endif()
      endforeach()
    endif()
    message(STATUS "ok: --help, an unknown option, a reversed range, a bad groups file, --level")

  elseif(MODE STREQUAL "assumptions")
    # -DSETS=<the fixture china_assumption_sets' folder> -DCMD -DCMD2
    string(REPLACE "|" ";" _cmd2 "${CMD2}")
    file(STRINGS "${SETS}/sets.csv" _sets)
    list(LENGTH _sets _nsets)
    math(EXPR _nsets "${_nsets} - 1") # the header
    execute_process(COMMAND ${_cmd} "${DATA}" --assumptions "${SETS}" RESULT_VARIABLE _rc1
                    OUTPUT_VARIABLE _out1 ERROR_VARIABLE _err1)
    execute_process(COMMAND ${_cmd2} "${DATA}" --assumptions "${SETS}" RESULT_VARIABLE _rc2
                    OUTPUT_VARIABLE _out2 ERROR_VARIABLE _err2)
    if(NOT _rc1 EQUAL 0 OR NOT _rc2 EQUAL 0)
      message(FATAL_ERROR "exit status C ${_rc1}, Python ${_rc2}\n${_err1}\n${_err2}")
    endif()
    string(REGEX REPLACE "[ \n]+" " " _flat "${_out1}")
    string(FIND "${_flat}" "over ${_nsets} assumption sets: lowest under " _at)
    if(_at EQUAL -1)
      message(FATAL_ERROR "no range over the ${_nsets} assumption sets:\n${_out1}")
    endif()
    string(FIND "${_out1}" "Sensitivity: not computed" _at)
    if(NOT _at EQUAL -1)
      message(FATAL_ERROR "says the sensitivity was not computed:\n${_out1}")
    endif()
    if(NOT _out1 STREQUAL _out2)
      message(FATAL_ERROR "the C and Python reports differ:\nC:\n${_out1}\nPython:\n${_out2}")
    endif()
    message(STATUS "ok: ranges over ${_nsets} assumption sets, C and Python agree")

  elseif(MODE STREQUAL "bad_path")
    execute_process(COMMAND ${_cmd} "${DATA}" RESULT_VARIABLE _rc
                    OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 3)
      message(FATAL_ERROR "exit status ${_rc} (expected 3) for '${DATA}'\nstderr:\n${_err}")
    endif()
    string(FIND "${_err}" "${DATA}" _at)
    if(_at EQUAL -1)
      message(FATAL_ERROR "the message does not name '${DATA}':\n${_err}")
    endif()
    message(STATUS "ok: exit 3: ${_err}")

  elseif(MODE STREQUAL "compare")
    string(REPLACE "|" ";" _cmd2 "${CMD2}")
    execute_process(COMMAND ${_cmd} "${DATA}" RESULT_VARIABLE _rc1
                    OUTPUT_VARIABLE _out1 ERROR_VARIABLE _err1)
    execute_process(COMMAND ${_cmd2} "${DATA}" RESULT_VARIABLE _rc2
                    OUTPUT_VARIABLE _out2 ERROR_VARIABLE _err2)
    if(NOT _rc1 EQUAL 0 OR NOT _rc2 EQUAL 0)
      message(FATAL_ERROR "exit status C ${_rc1}, Python ${_rc2} (expected 0)\n"
                          "C stderr:\n${_err1}\nPython stderr:\n${_err2}")
    endif()
    if(NOT _out1 STREQUAL _out2)
      # Say where: the numbers first (the part that must agree), then the
      # first line that differs.
      string(REGEX MATCHALL "[-+]?[0-9]+(\\.[0-9]+)?" _n1 "${_out1}")
      string(REGEX MATCHALL "[-+]?[0-9]+(\\.[0-9]+)?" _n2 "${_out2}")
      list(LENGTH _n1 _len1)
      list(LENGTH _n2 _len2)
      set(_numbers "the numbers agree (${_len1} of them); only the text differs")
      if(NOT _n1 STREQUAL _n2)
        set(_numbers "the numbers differ (C ${_len1}, Python ${_len2} numbers)")
      endif()
      string(REPLACE ";" "\\;" _out1 "${_out1}")
      string(REPLACE ";" "\\;" _out2 "${_out2}")
      string(REPLACE "\n" ";" _l1 "${_out1}")
      string(REPLACE "\n" ";" _l2 "${_out2}")
      list(LENGTH _l1 _c1)
      list(LENGTH _l2 _c2)
      set(_i 0)
      set(_where "")
      while(_i LESS _c1 AND _i LESS _c2)
        list(GET _l1 ${_i} _a)
        list(GET _l2 ${_i} _b)
        if(NOT _a STREQUAL _b)
          math(EXPR _line "${_i} + 1")
          string(REPLACE "\\;" ";" _a "${_a}")
          string(REPLACE "\\;" ";" _b "${_b}")
          set(_where "first difference at line ${_line}:\n  C:      ${_a}\n  Python: ${_b}")
          break()
        endif()
        math(EXPR _i "${_i} + 1")
      endwhile()
      if(_where STREQUAL "")
        set(_where "one report is a prefix of the other (C ${_c1} lines, Python ${_c2})")
      endif()
      message(FATAL_ERROR "the C and Python reports differ: ${_numbers}\n${_where}")
    endif()
    string(REGEX MATCHALL "[-+]?[0-9]+(\\.[0-9]+)?" _n1 "${_out1}")
    list(LENGTH _n1 _len1)
    message(STATUS "ok: identical reports (${_len1} numbers)")

  else()
    message(FATAL_ERROR "examples.cmake: unknown MODE '${MODE}'")
  endif()
  return()
endif()

# ---- include mode: register the tests ----------------------------------------
set(_flow_ex_data ${PROJECT_SOURCE_DIR}/data/china)
set(_flow_ex_missing ${CMAKE_CURRENT_BINARY_DIR}/no-such-data-set)
set(_flow_ex_script ${CMAKE_CURRENT_LIST_FILE})

set(_flow_ex_python "")
if(NOT LIBFLOW_SANITIZE AND EXISTS ${PROJECT_SOURCE_DIR}/bindings/python/libflow/__init__.py)
  find_program(FLOW_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(NOT FLOW_PYTHON)
    find_program(FLOW_PYTHON python3)
  endif()
  if(FLOW_PYTHON)
    set(_flow_ex_python ${FLOW_PYTHON})
  endif()
endif()

# Every study opens with the data set's provenance: data/china/README.md
# says its flows are modelled, so the caution follows.
set(_flow_ex_provenance
  "Provenance: ${_flow_ex_data}/README.md|Caution: the flows in this data set are modelled, not observed")
set(_flow_ex_headings_east_west
  "${_flow_ex_provenance}|Sensitivity: not computed|Finding, 2022:|Caveat: these flows are modelled|== Direct flows|== Is it large?|== Multi-hop capacity among domestic regions|== The programme file|== Reading")
set(_flow_ex_census ${PROJECT_SOURCE_DIR}/data/census-migration)
set(_flow_ex_world ${PROJECT_SOURCE_DIR}/data/openalex-coauthorship)
set(_flow_ex_headings_openness_world
  "Provenance: ${_flow_ex_world}/README.md|Finding, 2023: China (CN) ranks|Caveat: a tie between two countries|== China per year|== China's cluster in 2023|== China's 10 largest partners in 2023 against the gravity expectation|== Reading|PageRank:|Brokerage:|Clusters:|Gravity:")
set(_flow_ex_headings_east_west_census
  "Provenance: ${_flow_ex_census}/README.md|Finding, 2010:|migration runs West -> East|Caveat: direct flows only|== Direct flows|== Is it large?|== Multi-hop capacity among domestic regions|== The programme file|None:|== Reading")
set(_flow_ex_headings_xinjiang
  "${_flow_ex_provenance}|== The mechanism|== Brokers|== Dominators|== If one partner drops out|== Sensitivity|== Reading")
set(_flow_ex_clusters_sections
  "== Flow clusters (Leiden|Modularity against the configuration model|== Stability across seeds, methods and resolutions|== Declared groups versus the clusters|== Self-containment of the declared groups|== Reading")
set(_flow_ex_headings_clusters "${_flow_ex_provenance}|${_flow_ex_clusters_sections}")
set(_flow_ex_headings_openness
  "${_flow_ex_provenance}|Sensitivity: not computed|Finding: this data set cannot place China in the world|Caveat: these flows are modelled|== International flows|== Partners abroad|== Regions' openness|== Reading|No ranking of the partners abroad")
set(_flow_ex_work ${CMAKE_CURRENT_BINARY_DIR}/examples-work)

foreach(_x east_west xinjiang clusters openness)
  if(NOT TARGET study_${_x})
    continue()
  endif()
  set(_c "$<TARGET_FILE:study_${_x}>")
  add_test(NAME example_${_x}
    COMMAND ${CMAKE_COMMAND} -DMODE=run "-DCMD=${_c}" "-DDATA=${_flow_ex_data}"
            "-DHEADINGS=${_flow_ex_headings_${_x}}" -P ${_flow_ex_script})
  add_test(NAME example_${_x}_bad_path
    COMMAND ${CMAKE_COMMAND} -DMODE=bad_path "-DCMD=${_c}" "-DDATA=${_flow_ex_missing}"
            -P ${_flow_ex_script})
  add_test(NAME example_${_x}_provenance
    COMMAND ${CMAKE_COMMAND} -DMODE=provenance "-DCMD=${_c}" "-DDATA=${_flow_ex_data}"
            "-DWORK=${_flow_ex_work}/${_x}" -P ${_flow_ex_script})
  set(_tests example_${_x} example_${_x}_bad_path example_${_x}_provenance)
  # the studies that take the shared options (study_common.h)
  file(READ ${PROJECT_SOURCE_DIR}/examples/study_${_x}.c _src)
  string(FIND "${_src}" "study_parse_options(" _at)
  if(NOT _at EQUAL -1)
    add_test(NAME example_${_x}_usage
      COMMAND ${CMAKE_COMMAND} -DMODE=usage "-DCMD=${_c}" "-DDATA=${_flow_ex_data}"
              "-DWORK=${_flow_ex_work}/${_x}_usage" -P ${_flow_ex_script})
    list(APPEND _tests example_${_x}_usage)
    set(_usage ON)
  else()
    set(_usage OFF)
  endif()
  # the real data sets
  if(_x STREQUAL "east_west")
    set(_real census)
    set(_real_data ${_flow_ex_census})
  elseif(_x STREQUAL "openness")
    set(_real world)
    set(_real_data ${_flow_ex_world})
  else()
    set(_real "")
  endif()
  if(_real)
    add_test(NAME example_${_x}_${_real}
      COMMAND ${CMAKE_COMMAND} -DMODE=run "-DCMD=${_c}" "-DDATA=${_real_data}"
              "-DHEADINGS=${_flow_ex_headings_${_x}_${_real}}" -P ${_flow_ex_script})
    list(APPEND _tests example_${_x}_${_real})
  endif()

  set(_py ${PROJECT_SOURCE_DIR}/examples/python/study_${_x}.py)
  if(_flow_ex_python AND EXISTS ${_py})
    set(_env "-DLIBFLOW_LIBRARY=$<TARGET_FILE:libflow>"
             "-DPYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python")
    add_test(NAME example_${_x}_py
      COMMAND ${CMAKE_COMMAND} -DMODE=run "-DCMD=${_flow_ex_python}|${_py}" "-DDATA=${_flow_ex_data}"
              "-DHEADINGS=${_flow_ex_headings_${_x}}" ${_env} -P ${_flow_ex_script})
    add_test(NAME example_${_x}_py_bad_path
      COMMAND ${CMAKE_COMMAND} -DMODE=bad_path "-DCMD=${_flow_ex_python}|${_py}"
              "-DDATA=${_flow_ex_missing}" ${_env} -P ${_flow_ex_script})
    add_test(NAME example_${_x}_c_vs_py
      COMMAND ${CMAKE_COMMAND} -DMODE=compare "-DCMD=${_c}" "-DCMD2=${_flow_ex_python}|${_py}"
              "-DDATA=${_flow_ex_data}" ${_env} -P ${_flow_ex_script})
    add_test(NAME example_${_x}_py_provenance
      COMMAND ${CMAKE_COMMAND} -DMODE=provenance "-DCMD=${_flow_ex_python}|${_py}"
              "-DDATA=${_flow_ex_data}" "-DWORK=${_flow_ex_work}/${_x}_py" ${_env}
              -P ${_flow_ex_script})
    list(APPEND _tests example_${_x}_py example_${_x}_py_bad_path example_${_x}_py_provenance
         example_${_x}_c_vs_py)
    if(_usage)
      add_test(NAME example_${_x}_py_usage
        COMMAND ${CMAKE_COMMAND} -DMODE=usage "-DCMD=${_flow_ex_python}|${_py}"
                "-DDATA=${_flow_ex_data}" "-DWORK=${_flow_ex_work}/${_x}_py_usage" ${_env}
                -P ${_flow_ex_script})
      list(APPEND _tests example_${_x}_py_usage)
    endif()
    if(_real)
      add_test(NAME example_${_x}_${_real}_c_vs_py
        COMMAND ${CMAKE_COMMAND} -DMODE=compare "-DCMD=${_c}" "-DCMD2=${_flow_ex_python}|${_py}"
                "-DDATA=${_real_data}" ${_env} -P ${_flow_ex_script})
      list(APPEND _tests example_${_x}_${_real}_c_vs_py)
    endif()
    if(FLOW_CHINA_SETS) # tests/data.cmake's fixture
      add_test(NAME example_${_x}_assumptions
        COMMAND ${CMAKE_COMMAND} -DMODE=assumptions "-DCMD=${_c}" "-DCMD2=${_flow_ex_python}|${_py}"
                "-DDATA=${_flow_ex_data}" "-DSETS=${FLOW_CHINA_SETS}" ${_env}
                -P ${_flow_ex_script})
      set_tests_properties(example_${_x}_assumptions PROPERTIES
                           FIXTURES_REQUIRED china_assumption_sets)
      list(APPEND _tests example_${_x}_assumptions)
    endif()
  endif()
  set_tests_properties(${_tests} PROPERTIES TIMEOUT 300 LABELS "examples")
endforeach()

# study_clusters on the observed census migration (data/census-migration):
# the declared alliances in 2000 and 2010, the four NBS regions in 2010, C
# and Python alike; on OpenAlex co-authorship; and --help.
if(TARGET study_clusters)
  set(_c "$<TARGET_FILE:study_clusters>")
  set(_py ${PROJECT_SOURCE_DIR}/examples/python/study_clusters.py)
  set(_env "-DLIBFLOW_LIBRARY=$<TARGET_FILE:libflow>"
           "-DPYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python")
  set(_tests "")
  foreach(_run "2000|--year|2000" "2010|--year|2010"
               "regions_2010|--year|2010|--compare|East,Central,West,Northeast")
    string(FIND "${_run}" "|" _bar)
    string(SUBSTRING "${_run}" 0 ${_bar} _name)
    math(EXPR _bar "${_bar} + 1")
    string(SUBSTRING "${_run}" ${_bar} -1 _args)
    set(_headings "Provenance: ${_flow_ex_census}/README.md|${_flow_ex_clusters_sections}")
    add_test(NAME example_clusters_census_${_name}
      COMMAND ${CMAKE_COMMAND} -DMODE=run "-DCMD=${_c}|${_args}" "-DDATA=${_flow_ex_census}"
              "-DHEADINGS=${_headings}" -P ${_flow_ex_script})
    list(APPEND _tests example_clusters_census_${_name})
    if(_flow_ex_python)
      add_test(NAME example_clusters_census_${_name}_c_vs_py
        COMMAND ${CMAKE_COMMAND} -DMODE=compare "-DCMD=${_c}|${_args}"
                "-DCMD2=${_flow_ex_python}|${_py}|${_args}" "-DDATA=${_flow_ex_census}" ${_env}
                -P ${_flow_ex_script})
      list(APPEND _tests example_clusters_census_${_name}_c_vs_py)
    endif()
  endforeach()
  # on OpenAlex co-authorship (each undirected pair written once): the
  # caveat that a group's "leaving" flow then follows the order of the ids
  add_test(NAME example_clusters_world
    COMMAND ${CMAKE_COMMAND} -DMODE=run "-DCMD=${_c}" "-DDATA=${_flow_ex_world}"
            "-DHEADINGS=Caveat: no pair of nodes has flows both ways (reciprocity 0)|Provenance: ${_flow_ex_world}/README.md|${_flow_ex_clusters_sections}"
            -P ${_flow_ex_script})
  list(APPEND _tests example_clusters_world)
  if(_flow_ex_python)
    add_test(NAME example_clusters_world_c_vs_py
      COMMAND ${CMAKE_COMMAND} -DMODE=compare "-DCMD=${_c}" "-DCMD2=${_flow_ex_python}|${_py}"
              "-DDATA=${_flow_ex_world}" ${_env} -P ${_flow_ex_script})
    list(APPEND _tests example_clusters_world_c_vs_py)
  endif()
  add_test(NAME example_clusters_help
    COMMAND ${CMAKE_COMMAND} -DMODE=run "-DCMD=${_c}|--help" "-DDATA=${_flow_ex_census}"
            "-DHEADINGS=usage: study_clusters [DATA] [options]|--compare|--draws|--groups|--level|--year|--help"
            -P ${_flow_ex_script})
  list(APPEND _tests example_clusters_help)
  if(_flow_ex_python)
    add_test(NAME example_clusters_help_c_vs_py
      COMMAND ${CMAKE_COMMAND} -DMODE=compare "-DCMD=${_c}|--help"
              "-DCMD2=${_flow_ex_python}|${_py}|--help" "-DDATA=${_flow_ex_census}" ${_env}
              -P ${_flow_ex_script})
    list(APPEND _tests example_clusters_help_c_vs_py)
  endif()
  set_tests_properties(${_tests} PROPERTIES TIMEOUT 300 LABELS "examples")
endif()
unset(_flow_ex_clusters_sections)

# examples/quickstart.c, the README's C tour
if(TARGET quickstart)
  add_test(NAME example_quickstart
    COMMAND ${CMAKE_COMMAND} -DMODE=run "-DCMD=$<TARGET_FILE:quickstart>" "-DDATA=${_flow_ex_data}"
            "-DHEADINGS=PageRank, technology 2018-2022, regions:|max flow Yangtze River Delta -> Xinjiang:|Leiden:"
            -P ${_flow_ex_script})
  add_test(NAME example_quickstart_bad_path
    COMMAND ${CMAKE_COMMAND} -DMODE=bad_path "-DCMD=$<TARGET_FILE:quickstart>"
            "-DDATA=${_flow_ex_missing}" -P ${_flow_ex_script})
  set_tests_properties(example_quickstart example_quickstart_bad_path PROPERTIES
                       TIMEOUT 300 LABELS "examples")
endif()

# README.md's quoted study openings are what the studies print
# (examples/readme_openings.py; --write rewrites them)
if(_flow_ex_python AND TARGET study_east_west AND TARGET study_openness)
  add_test(NAME example_readme_openings
    COMMAND ${_flow_ex_python} ${PROJECT_SOURCE_DIR}/examples/readme_openings.py
            --bin $<TARGET_FILE_DIR:study_east_west>
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(example_readme_openings PROPERTIES TIMEOUT 300 LABELS "examples")
endif()

unset(_flow_ex_data)
unset(_flow_ex_missing)
unset(_flow_ex_script)
unset(_flow_ex_python)
unset(_flow_ex_work)
unset(_flow_ex_provenance)
unset(_flow_ex_census)
unset(_flow_ex_world)
unset(_real)
unset(_real_data)
unset(_src)
unset(_usage)
unset(_at)
unset(_c)
unset(_py)
unset(_env)
unset(_tests)
