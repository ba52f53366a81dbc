# One test per profile knob (harness/model/profile.c), each knob at each of
# its values, in a file per knob group; a knob without a test fails the
# meta-test.  syn_queue_extra and syn_cookies are read by
# harness/run/model_check.c, hence tcpcert_run.  The fixtures are
# test_model_input's (tcpcert_test_model_fx, tests/model_input.cmake).
tcpcert_test(test_model_knobs
  SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_knobs.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_knobs_rfc5961.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_knobs_timers.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_knobs_behaviour.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_knobs_listener.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_knobs_probes.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_model_knobs_icmp.c
  LIBS tcpcert_test_model_fx tcpcert_model tcpcert_run)
# It writes BUILD/model-cells-test_model_knobs.txt for model_cells_all_covered.
set_tests_properties(test_model_knobs PROPERTIES FIXTURES_SETUP model_cells)
