# The installed-package consumer test (STYLE rule 23): installs this build
# into a scratch prefix and builds programs against it with pkg-config
# (shared and --static) and with find_package(libflow) (libflow::libflow,
# libflow::libflow_static, a C-only project, and the build tree's export).
# The script is tests/consumer/run.sh; its scratch space is
# <build>/tests/consumer-work.
set(_flow_consumer_san "")
if(LIBFLOW_SANITIZE)
  # libflow.a then holds instrumented code: consumers link the runtimes too.
  set(_flow_consumer_san "-fsanitize=address,undefined -fno-omit-frame-pointer")
endif()
add_test(NAME consumer
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/consumer/run.sh)
set_tests_properties(consumer PROPERTIES
  TIMEOUT 900
  LABELS "packaging"
  ENVIRONMENT "FLOW_BUILD_DIR=${PROJECT_BINARY_DIR};FLOW_WORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer-work;FLOW_VERSION=${PROJECT_VERSION};FLOW_CMAKE=${CMAKE_COMMAND};FLOW_GENERATOR=${CMAKE_GENERATOR};FLOW_CC=${CMAKE_C_COMPILER};FLOW_CXX=${CMAKE_CXX_COMPILER};FLOW_SANITIZE_FLAGS=${_flow_consumer_san}")
unset(_flow_consumer_san)
