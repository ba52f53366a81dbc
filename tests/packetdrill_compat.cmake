# packetdrill compatibility (issue #4): every public sample script in
# ../shared/packetdrill-sample/MANIFEST.tsv through `tcpcert run --no-model`,
# each verdict against packetdrill's own (column packetdrill_ipv4).  Needs
# root; fails below 80% agreement.
tcpcert_test(test_packetdrill_compat
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_packetdrill_compat.c LIBS)
add_dependencies(test_packetdrill_compat tcpcert)

# Its pure parts: TFO_COOKIE, TSO bursts, script options, shell lines.
tcpcert_test(test_packetdrill_units
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_packetdrill_units.c LIBS tcpcert_run)
