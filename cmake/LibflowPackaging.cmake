# Installation: headers, both libraries, libflow.pc and the CMake package
# (libflow::libflow, libflow::libflow_static).
install(FILES ${PROJECT_SOURCE_DIR}/include/libflow.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${FLOW_PUBLIC_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/libflow)
install(TARGETS libflow libflow_static EXPORT libflowTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(FLOW_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/libflow)
install(EXPORT libflowTargets NAMESPACE libflow:: DESTINATION ${FLOW_CMAKE_DIR})
export(EXPORT libflowTargets NAMESPACE libflow::
       FILE ${PROJECT_BINARY_DIR}/libflowTargets.cmake)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/libflowConfig.cmake.in
  ${PROJECT_BINARY_DIR}/libflowConfig.cmake INSTALL_DESTINATION ${FLOW_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/libflowConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/libflowConfig.cmake
              ${PROJECT_BINARY_DIR}/libflowConfigVersion.cmake
        DESTINATION ${FLOW_CMAKE_DIR})

# libflow.pc. The prefix is written at install time, so that
# `cmake --install build --prefix /somewhere` (or CMAKE_INSTALL_PREFIX changed
# after configuring) gives a .pc file that points at /somewhere; libdir and
# includedir are ${prefix}-relative unless GNUInstallDirs made them absolute.
cmake_path(APPEND FLOW_PC_LIBDIR "\${exec_prefix}" "${CMAKE_INSTALL_LIBDIR}")
cmake_path(APPEND FLOW_PC_INCLUDEDIR "\${prefix}" "${CMAKE_INSTALL_INCLUDEDIR}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(FLOW_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(FLOW_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# Step 1 (configure time): everything but the prefix, which stays the
# placeholder @FLOW_PC_PREFIX@. The build-tree copy gets the configured prefix.
set(FLOW_PC_PREFIX "@FLOW_PC_PREFIX@")
configure_file(${PROJECT_SOURCE_DIR}/cmake/libflow.pc.in
               ${PROJECT_BINARY_DIR}/pkgconfig/libflow.pc.in @ONLY)
set(FLOW_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
configure_file(${PROJECT_BINARY_DIR}/pkgconfig/libflow.pc.in
               ${PROJECT_BINARY_DIR}/libflow.pc @ONLY)
# Step 2 (install time): fill in the prefix actually installed to.
install(CODE "
  set(FLOW_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  configure_file(\"${PROJECT_BINARY_DIR}/pkgconfig/libflow.pc.in\"
                 \"${PROJECT_BINARY_DIR}/pkgconfig/install/libflow.pc\" @ONLY)
")
install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/install/libflow.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
