# Codec tests (harness/packet): kernel captures, building, options, malformed input.
tcpcert_test(test_packet
  SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/test_packet_build.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_packet_kernel.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_packet_malformed.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_packet_options.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_packet_util.c
    ${CMAKE_CURRENT_SOURCE_DIR}/test_packet_vectors.c
  LIBS tcpcert_packet)
