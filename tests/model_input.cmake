# SEGMENT ARRIVES (RFC 9293 §3.10.7): one suite per state, split by state group.
tcpcert_test(test_model_input
  SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_fx.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_seq.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_closed_listen.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_synsent.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_synrcvd.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_established.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_closing.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_input_timewait.c
  LIBS tcpcert_model)
