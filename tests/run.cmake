# The runner's pure parts (no stack, no root).
tcpcert_test(test_run SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_run.c LIBS tcpcert_run)
