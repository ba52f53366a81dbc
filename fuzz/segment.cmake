# The segment codec: seg_parse on arbitrary bytes, emit/parse round trips.
#   build-fuzz/fuzz/fuzz_segment corpus/segment -max_total_time=600
tcpcert_fuzzer(fuzz_segment SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_segment.c LIBS tcpcert_packet)
