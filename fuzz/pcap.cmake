# Capture import: pcap_reader on arbitrary files, then flows.
#   build-fuzz/fuzz/fuzz_pcap corpus/pcap -max_len=65536 -max_total_time=600
# Seeds: the captures tests/test_pcap writes (TCPCERT_PCAP_DIR=DIR test_pcap).
tcpcert_fuzzer(fuzz_pcap SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_pcap.c
  LIBS tcpcert_run tcpcert_wire tcpcert_packet PkgConfig::PCAP)
