# Tests of harness/model: RFC 6298 (rto.c), user calls (model_calls.c),
# what the stack sends (model_output*.c) and time (model_time.c).
tcpcert_test(test_model_output
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_model_output.c
          ${CMAKE_CURRENT_SOURCE_DIR}/test_model_rto.c
          ${CMAKE_CURRENT_SOURCE_DIR}/test_model_calls.c
          ${CMAKE_CURRENT_SOURCE_DIR}/test_model_out.c
          ${CMAKE_CURRENT_SOURCE_DIR}/test_model_time.c
  LIBS tcpcert_model)
