# The model's unit-test fixtures (tests/test_model_input.h), a library of
# their own: test_model_input and test_model_knobs link them.
add_library(tcpcert_test_model_fx STATIC ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_fx.c)
target_link_libraries(tcpcert_test_model_fx PUBLIC tcpcert_model tcpcert_report PkgConfig::CUNIT)

# SEGMENT ARRIVES (RFC 9293 §3.10.7): one suite per state, split by state group.
tcpcert_test(test_model_input
  SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_suites.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_seq.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_closed_listen.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_synsent.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_synrcvd.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_established.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_closing.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_timewait.c
  LIBS tcpcert_test_model_fx tcpcert_model tcpcert_report)
# Each program linking the fixtures writes BUILD/model-cells-<program>.txt
# (test_model_knobs: tests/model_knobs.cmake sets it up as well); every cell
# of the RFC 9293 §3.10 matrix must be exercised by a unit test.
set_tests_properties(test_model_input PROPERTIES FIXTURES_SETUP model_cells)
add_test(NAME model_cells_all_covered
  COMMAND tcpcert model --table
    --unit ${CMAKE_BINARY_DIR}/model-cells-test_model_input.txt
    --unit ${CMAKE_BINARY_DIR}/model-cells-test_model_knobs.txt --require-unit)
set_tests_properties(model_cells_all_covered PROPERTIES FIXTURES_REQUIRED model_cells)
