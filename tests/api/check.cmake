# cmake -DNM=nm -DLIBRARY=<build>/libflow.so -DSRC_INCLUDE=<src>/include
#       -DLIMIT=<n> -P check.cmake
#
# Compares the dynamic symbols that LIBRARY defines (nm -D --defined-only)
# with the functions declared FLOW_API in SRC_INCLUDE/libflow/*.h and
# *.h.in (comments and preprocessor lines left out). Fails when a symbol is
# exported that no header declares (a helper missing `static` or leaking
# out of the hidden visibility), when a declared function is not exported
# (declared but never defined, or defined without FLOW_API), or when there
# are more than LIMIT functions. Prints the count either way.
cmake_minimum_required(VERSION 3.25)

foreach(_v NM LIBRARY SRC_INCLUDE LIMIT)
  if(NOT DEFINED ${_v} OR "${${_v}}" STREQUAL "")
    message(FATAL_ERROR "check.cmake: -D${_v}=... is required")
  endif()
endforeach()

# ---- the headers' FLOW_API functions ----------------------------------------

# The text without its /* */ and // comments.
function(strip_comments _text _out)
  set(_rest "${_text}")
  set(_kept "")
  while(TRUE)
    string(FIND "${_rest}" "/*" _open)
    if(_open EQUAL -1)
      break()
    endif()
    string(SUBSTRING "${_rest}" 0 ${_open} _head)
    string(APPEND _kept "${_head} ")
    math(EXPR _after "${_open} + 2")
    string(SUBSTRING "${_rest}" ${_after} -1 _rest)
    string(FIND "${_rest}" "*/" _close)
    if(_close EQUAL -1)
      set(_rest "")
      break()
    endif()
    math(EXPR _after "${_close} + 2")
    string(SUBSTRING "${_rest}" ${_after} -1 _rest)
  endwhile()
  string(APPEND _kept "${_rest}")
  string(REGEX REPLACE "//[^\n]*" "" _kept "${_kept}")
  set(${_out} "${_kept}" PARENT_SCOPE)
endfunction()

file(GLOB _headers "${SRC_INCLUDE}/libflow/*.h" "${SRC_INCLUDE}/libflow/*.h.in")
list(SORT _headers)
set(_declared "")
foreach(_h ${_headers})
  file(READ "${_h}" _text)
  strip_comments("${_text}" _text)
  # preprocessor lines (#define FLOW_API ...)
  string(REGEX REPLACE "(^|\n)[ \t]*#[^\n]*" "\\1" _text "${_text}")
  # FLOW_API <return type> name( : the name is the last word before "("
  string(REGEX MATCHALL "FLOW_API[^;{}(]*\\(" _decls "${_text}")
  foreach(_d ${_decls})
    string(REGEX REPLACE "^.*[^A-Za-z0-9_]([A-Za-z_][A-Za-z0-9_]*)[ \t\r\n]*\\($" "\\1" _name "${_d}")
    list(APPEND _declared "${_name}")
  endforeach()
endforeach()
list(LENGTH _declared _ndeclared)
list(REMOVE_DUPLICATES _declared)
list(LENGTH _declared _nunique)
if(NOT _ndeclared EQUAL _nunique)
  message(FATAL_ERROR "a function is declared FLOW_API twice in ${SRC_INCLUDE}/libflow")
endif()
list(SORT _declared)

# ---- the library's exported symbols -------------------------------------------

execute_process(COMMAND "${NM}" -D --defined-only "${LIBRARY}"
                RESULT_VARIABLE _rc OUTPUT_VARIABLE _nm ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${NM} -D --defined-only ${LIBRARY} failed (${_rc}): ${_err}")
endif()
string(REPLACE "\n" ";" _lines "${_nm}")
set(_functions "")
set(_others "")
foreach(_line ${_lines})
  # "<address> <type> <name>[@version]"
  if(NOT _line MATCHES "^[0-9a-fA-F]* *([A-Za-z]) ([^ @]+)")
    continue()
  endif()
  set(_type "${CMAKE_MATCH_1}")
  set(_sym "${CMAKE_MATCH_2}")
  if(_type MATCHES "^[TtWi]$")
    list(APPEND _functions "${_sym}")
  else()
    list(APPEND _others "${_sym} (${_type})")
  endif()
endforeach()
list(REMOVE_DUPLICATES _functions)
list(SORT _functions)

# ---- compare --------------------------------------------------------------------

set(_problems 0)
set(_extra "${_functions}")
list(REMOVE_ITEM _extra ${_declared})
set(_missing "${_declared}")
if(_functions)
  list(REMOVE_ITEM _missing ${_functions})
endif()
list(LENGTH _functions _nexported)
message("libflow exports ${_nexported} functions; the headers declare ${_nunique} FLOW_API "
        "functions; limit ${LIMIT}")
if(_extra)
  string(REPLACE ";" ", " _list "${_extra}")
  message("FAIL: exported but declared in no public header: ${_list}")
  math(EXPR _problems "${_problems} + 1")
endif()
if(_missing)
  string(REPLACE ";" ", " _list "${_missing}")
  message("FAIL: declared FLOW_API but not exported: ${_list}")
  math(EXPR _problems "${_problems} + 1")
endif()
if(_others)
  string(REPLACE ";" ", " _list "${_others}")
  message("FAIL: exported symbols that are not functions: ${_list}")
  math(EXPR _problems "${_problems} + 1")
endif()
if(_nunique GREATER LIMIT)
  message("FAIL: ${_nunique} public functions, more than the limit of ${LIMIT}")
  math(EXPR _problems "${_problems} + 1")
endif()
if(_problems GREATER 0)
  message(FATAL_ERROR "the exported API does not match the headers (${_problems} problems)")
endif()
