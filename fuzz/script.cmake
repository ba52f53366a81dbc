# The case-file parser.  Seeds: corpus/script/*.pkt
tcpcert_fuzzer(fuzz_script SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_script.c LIBS tcpcert_script tcpcert_model)
