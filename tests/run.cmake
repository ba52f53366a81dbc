# The runner's pure parts (no stack, no root).
tcpcert_test(test_run SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_run.c LIBS tcpcert_run)
# ICMP injection: the message, the ICMP line's datagram, the model's view.
tcpcert_test(test_icmp SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_icmp.c LIBS tcpcert_run)
