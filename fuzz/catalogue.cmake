# The requirement-catalogue parser (tcpcert cert).  Seeds: corpus/catalogue/*.md
tcpcert_fuzzer(fuzz_catalogue SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_catalogue.c LIBS tcpcert_catalogue)
