# The oracle catches deviations (issue #3): kernel traces of cases/ in
# tests/data/traces/, checked unmodified and with one packet changed.
tcpcert_test(test_selfcheck
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_selfcheck.c
  LIBS tcpcert_run tcpcert_wire tcpcert_packet tcpcert_model)
