# Tests of harness/script (the case-file parser).
tcpcert_test(test_script
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_script.c
          ${CMAKE_CURRENT_SOURCE_DIR}/test_script_events.c
          ${CMAKE_CURRENT_SOURCE_DIR}/test_script_syscalls.c
          ${CMAKE_CURRENT_SOURCE_DIR}/test_script_errors.c
          ${CMAKE_CURRENT_SOURCE_DIR}/test_script_samples.c
          ${CMAKE_CURRENT_SOURCE_DIR}/test_script_icmp.c
          ${CMAKE_CURRENT_SOURCE_DIR}/test_script_accecn.c
  LIBS tcpcert_script tcpcert_model)
