# bench_model: model events per second (model_on_* over scripted
# connections, each profile, on CPU 0) and `tcpcert check` packets per
# second on a generated capture of interleaved connections.  Prints
# figures; not a test (see bench/README.md).
add_executable(bench_model
  ${CMAKE_CURRENT_LIST_DIR}/model_bench_main.c
  ${CMAKE_CURRENT_LIST_DIR}/model_bench_conn.c
  ${CMAKE_CURRENT_LIST_DIR}/model_bench_pcap.c)
target_link_libraries(bench_model PRIVATE tcpcert_run tcpcert_model tcpcert_packet)
