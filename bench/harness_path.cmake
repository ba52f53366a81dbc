# bench_harness_path: SYN -> SYN-ACK latency and injected segments per second
# through the harness's own path (seg_emit, the Linux adapter's inject() and
# receive()), next to a bare write()/read() loop on the same TUN device.
# Prints figures; not a test (see bench/README.md).  Run as root.
add_executable(bench_harness_path
  ${CMAKE_CURRENT_LIST_DIR}/harness_path_main.c
  ${CMAKE_CURRENT_LIST_DIR}/harness_path_measure.c)
target_link_libraries(bench_harness_path PRIVATE tcpcert_sut tcpcert_sut_linux tcpcert_packet)
