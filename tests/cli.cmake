# The tcpcert command end to end (needs root: it creates namespaces).
tcpcert_test(test_cli SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_cli.c
  ${CMAKE_CURRENT_SOURCE_DIR}/cli_fixture.c LIBS)
add_dependencies(test_cli tcpcert)
