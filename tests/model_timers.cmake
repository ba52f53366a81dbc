# The model's probe timers (model_timers.c): keep-alive and zero-window
# probes, in virtual time.
tcpcert_test(test_model_timers
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_model_timers.c
  LIBS tcpcert_model)
