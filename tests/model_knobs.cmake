# One test per profile knob (harness/model/profile.c), each knob at each of
# its values; a knob without a test fails the meta-test.  syn_queue_extra
# and syn_cookies are read by harness/run/model_check.c, hence tcpcert_run.
tcpcert_test(test_model_knobs
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_model_knobs.c
  LIBS tcpcert_model tcpcert_run)
