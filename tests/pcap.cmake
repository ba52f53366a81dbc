# Capture reading (harness/wire/pcap_reader) and connections (harness/run/flows):
# captures the tests write themselves in every supported link type.
tcpcert_test(test_pcap
  SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/test_pcap.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_pcap_damage.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_pcap_flows.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_pcap_util.c
  LIBS tcpcert_run tcpcert_wire tcpcert_packet)
