# interrupt (tests/internal/): every long analysis stopped through its
# progress callback at fixed points. It links the static library, so that
# it reaches the gate's internal pause between questions
# (libflow/igraph_gate.h) and sets it to 0: each interruption check asks.
add_executable(test_interrupt internal/test_interrupt.c)
set_target_properties(test_interrupt PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
target_compile_options(test_interrupt PRIVATE -Wall -Wextra)
target_include_directories(test_interrupt PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(test_interrupt PRIVATE libflow_static PkgConfig::CMOCKA m)
add_test(NAME interrupt COMMAND test_interrupt)
set_tests_properties(interrupt PROPERTIES TIMEOUT 300 ENVIRONMENT "CMOCKA_MESSAGE_OUTPUT=stdout")
